package io.effnetspark.spark;

import io.effnetspark.config.JobConfig;
import io.effnetspark.config.Setting;
import io.effnetspark.config.SettingNames;
import io.effnetspark.config.Settings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Transformer's Params for the {@link Settings} that are Params, made from the registry: a number or flag as
 * Spark's typed Param, any other value as its text ({@code device = "gpu"}). Values are checked by the setting when
 * set, and read back as a {@link JobConfig} in which the Params that are set count as given explicitly.
 */
final class SettingParams implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, Param<?>> params = new LinkedHashMap<>();

  /** Creates the Params of {@code owner} (call from its constructor, after its uid is set) with their defaults. */
  SettingParams(Params owner, DefaultSetter defaults) {
    for (Setting<?> s : Settings.ALL) {
      if (s.from(Setting.Source.PARAM)) {
        Param<?> p = param(owner, s);
        params.put(s.key(), p);
        Object fixed = s.fixedDefault();
        Object def = fixed instanceof Number || fixed instanceof Boolean ? fixed : text(s, fixed);
        if (def != null && !"".equals(def)) {
          defaults.setDefault(p, def);
        }
      }
    }
  }

  /** Sets a default on the owner (its {@code setDefault} is protected). */
  interface DefaultSetter {
    void setDefault(Param<?> param, Object value);
  }

  private static Param<?> param(Params owner, Setting<?> s) {
    String doc = s.doc().replace("`", "");
    Object def = s.fixedDefault();
    if (def instanceof Integer) {
      return new IntParam(owner, s.param(), doc);
    } else if (def instanceof Long) {
      return new LongParam(owner, s.param(), doc);
    } else if (def instanceof Double) {
      return new DoubleParam(owner, s.param(), doc);
    } else if (def instanceof Boolean) {
      return new BooleanParam(owner, s.param(), doc);
    }
    return new Param<String>(owner, s.param(), doc);
  }

  List<Param<?>> all() {
    return new ArrayList<>(params.values());
  }

  /** The Param of {@code setting}. */
  Param<?> of(Setting<?> setting) {
    Param<?> p = params.get(setting.key());
    if (p == null) {
      throw new IllegalArgumentException(setting + " is not a Param of the Transformer");
    }
    return p;
  }

  /**
   * The value the Param of {@code setting} holds for {@code value}, once checked.
   *
   * @throws IllegalArgumentException for a bad value, naming the setting as {@code names} does
   */
  <T> Object paramValue(Setting<T> setting, T value, SettingNames names) {
    try {
      setting.checked(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(names.rename(setting, e.getMessage()), e);
    }
    Object fixed = setting.fixedDefault();
    return fixed instanceof Number || fixed instanceof Boolean ? value : text(setting, value);
  }

  /** The typed value of {@code setting}'s Param in {@code owner}, set or default. */
  <T> T value(Params owner, Setting<T> setting) {
    return typed(setting, owner.getOrDefault(of(setting)));
  }

  /** {@code base} with the value of each Param that {@code owner} has set. */
  JobConfig read(Params owner, JobConfig base) {
    JobConfig c = base;
    for (Setting<?> s : Settings.ALL) {
      Param<?> p = params.get(s.key());
      if (p != null && owner.isSet(p)) {
        c = with(c, s, owner.getOrDefault(p));
      }
    }
    return c;
  }

  private static <T> JobConfig with(JobConfig c, Setting<T> s, Object raw) {
    return c.with(s, typed(s, raw));
  }

  /**
   * A Param's value as the setting's type, checked: Spark's own {@code set(param, value)} and ML persistence set
   * Params without the setters' checks.
   *
   * @throws IllegalArgumentException naming the Param
   */
  private static <T> T typed(Setting<T> s, Object raw) {
    try {
      return raw instanceof String text ? s.parse(text) : s.checked(s.cast(raw));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(SettingNames.PARAMS.rename(s, e.getMessage()), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> String text(Setting<T> s, Object value) {
    return s.text((T) value);
  }
}

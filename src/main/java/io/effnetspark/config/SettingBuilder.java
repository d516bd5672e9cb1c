package io.effnetspark.config;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/** Builds one {@link Setting}; each setting is declared with one chain in {@link Settings}. */
public final class SettingBuilder<T> {
  final String key;
  final Function<String, T> parser;
  String param;
  String label = "";
  T defaultValue;
  Supplier<T> defaultSupplier;
  String defaultDoc;
  String doc = "";
  Set<Setting.Source> sources = EnumSet.of(Setting.Source.COMMAND_LINE, Setting.Source.CONFIG_FILE);
  Function<T, String> text = v -> v == null ? "" : String.valueOf(v);
  Function<T, Object> shown = v -> v;
  Setting.Check<T> check;
  boolean flag;

  SettingBuilder(String key, Function<String, T> parser) {
    this.key = key;
    this.parser = parser;
  }

  public SettingBuilder<T> byDefault(T value) {
    this.defaultValue = value;
    return this;
  }

  /** A default made at each use (e.g. from the clock), documented as {@code doc}. */
  public SettingBuilder<T> byDefault(Supplier<T> supplier, String doc) {
    this.defaultSupplier = supplier;
    this.defaultDoc = doc;
    return this;
  }

  public SettingBuilder<T> defaultDoc(String text) {
    this.defaultDoc = text;
    return this;
  }

  public SettingBuilder<T> label(String text) {
    this.label = text;
    return this;
  }

  public SettingBuilder<T> check(Setting.Check<T> c) {
    this.check = c;
    return this;
  }

  public SettingBuilder<T> text(Function<T, String> f) {
    this.text = f;
    return this;
  }

  public SettingBuilder<T> shown(Function<T, Object> f) {
    this.shown = f;
    return this;
  }

  /** The setting is also a Param of the Transformer, by this name. */
  public SettingBuilder<T> param(String name) {
    this.param = name;
    return this;
  }

  /** The setting is also a Param of the Transformer, named after the key in camel case. */
  public SettingBuilder<T> param() {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char c : key.toCharArray()) {
      if (c == '-') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return param(b.toString());
  }

  /** Model cards may state this setting (below the command line and the config file). */
  public SettingBuilder<T> inModelCard() {
    sources.add(Setting.Source.MODEL_CARD);
    return this;
  }

  /** Only on the command line (not in the config file). */
  public SettingBuilder<T> commandLineOnly() {
    sources.remove(Setting.Source.CONFIG_FILE);
    return this;
  }

  public Setting<T> doc(String markdown) {
    this.doc = markdown;
    if (param != null) {
      sources.add(Setting.Source.PARAM);
    }
    return new Setting<>(this);
  }
}

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

/**
 * A real HDFS (NameNode + one DataNode) and YARN (ResourceManager + one NodeManager) in this one JVM, from
 * hadoop-client-minicluster: run by jobs/local-yarn.sh and the tests (it.yarn.YarnCluster) as a java source-file
 * program on target/yarn-minicluster-classpath.txt, never on Spark's classpath.
 *
 * <pre>java -cp "$(cat target/yarn-minicluster-classpath.txt)" jobs/yarn/MiniYarnHdfs.java STATE_DIR</pre>
 *
 * <p>Writes STATE_DIR/conf/{core,hdfs,yarn}-site.xml (the clients' HADOOP_CONF_DIR) and STATE_DIR/cluster.properties
 * (fs.defaultFS, NameNode HTTP address for /jmx, NodeManager local and log folders, superuser), prints "READY", and
 * runs until killed (SIGTERM stops both clusters). Settings from the environment: EFFNET_YARN_NM_MEMORY_MB (6144),
 * EFFNET_YARN_NM_VCORES (4), EFFNET_YARN_DFS_LS_LIMIT (the NameNode's dfs.ls.limit, entries per listing call; 1000).
 * Traps, from a trial run (FACTS.md): the capacity scheduler needs its root queue; the NodeManager marks a
 * nearly full disk unhealthy and then runs nothing; MiniDFS's static topology mapping must not reach Spark's
 * ApplicationMaster (ClassNotFoundException there); small-file writes wait ~400 ms each for the block report unless
 * the client's locateFollowingBlock delay is lowered.
 */
public class MiniYarnHdfs {
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: MiniYarnHdfs STATE_DIR");
      System.exit(2);
    }
    Path state = Path.of(args[0]).toAbsolutePath();
    Files.createDirectories(state.resolve("conf"));
    Configuration conf = new YarnConfiguration();
    conf.set("dfs.ls.limit", env("EFFNET_YARN_DFS_LS_LIMIT", "1000"));
    conf.set("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "10");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    // Permissions on: the tests prove what a non-superuser cannot read.
    conf.setBoolean("dfs.permissions.enabled", true);
    conf.set("hadoop.security.authentication", "simple");
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf, state.resolve("hdfs").toFile()).numDataNodes(1)
        .format(true).build();
    dfs.waitActive();
    FileSystem fs = dfs.getFileSystem();
    // World-writable /tmp and /user as on a real cluster (YARN's staging folders, other users' homes).
    for (String dir : new String[] {"/tmp", "/user"}) {
      fs.mkdirs(new org.apache.hadoop.fs.Path(dir));
      fs.setPermission(new org.apache.hadoop.fs.Path(dir), new FsPermission((short) 01777));
    }

    conf.set("yarn.scheduler.capacity.root.queues", "default");
    conf.set("yarn.scheduler.capacity.root.default.capacity", "100");
    conf.set("yarn.scheduler.capacity.root.default.maximum-capacity", "100");
    conf.set("yarn.scheduler.capacity.root.default.user-limit-factor", "1");
    conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
    conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
    conf.set("yarn.scheduler.capacity.node-locality-delay", "-1");
    // The ApplicationMaster of one cluster-mode run plus one of client mode may queue at once on one small node.
    conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "0.5");
    conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "99.9");
    conf.set("yarn.nodemanager.resource.memory-mb", env("EFFNET_YARN_NM_MEMORY_MB", "6144"));
    // MiniYARNCluster overwrites the key above with this one (default 4096), so both are set.
    conf.set("yarn.minicluster.yarn.nodemanager.resource.memory-mb", env("EFFNET_YARN_NM_MEMORY_MB", "6144"));
    conf.set("yarn.nodemanager.resource.cpu-vcores", env("EFFNET_YARN_NM_VCORES", "4"));
    conf.set("yarn.scheduler.minimum-allocation-mb", "256");
    conf.set("yarn.scheduler.maximum-allocation-mb", env("EFFNET_YARN_NM_MEMORY_MB", "6144"));
    // The JVM's virtual size (thread stacks, ORT's arenas reserved not used) says nothing; physical memory is checked.
    conf.setBoolean("yarn.nodemanager.vmem-check-enabled", false);
    conf.setBoolean("yarn.nodemanager.pmem-check-enabled", true);
    // Keep finished containers' folders and logs for the tests' evidence (natives' place, model loads).
    conf.set("yarn.nodemanager.delete.debug-delay-sec", "3600");
    conf.setBoolean("yarn.log-aggregation-enable", false);
    conf.set("yarn.resourcemanager.hostname", "127.0.0.1");
    conf.set("yarn.nodemanager.hostname", "127.0.0.1");
    MiniYARNCluster yarn = new MiniYARNCluster("effnet", 1, 1, 1);
    yarn.init(conf);
    yarn.start();
    Configuration client = yarn.getConfig();
    long deadline = System.currentTimeMillis() + 60_000;
    // start() may return before the RM put its real port into the configuration (Spark's BaseYarnClusterSuite).
    while (client.get(YarnConfiguration.RM_ADDRESS, "").endsWith(":0")) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the ResourceManager has no address after 60 s");
      }
      Thread.sleep(100);
    }
    client.unset("net.topology.node.switch.mapping.impl");
    for (String file : new String[] {"core-site.xml", "hdfs-site.xml", "yarn-site.xml"}) {
      try (OutputStream out = new FileOutputStream(state.resolve("conf").resolve(file).toFile())) {
        client.writeXml(out);
      }
    }

    Properties p = new Properties();
    p.setProperty("fs.defaultFS", client.get("fs.defaultFS"));
    InetSocketAddress http = dfs.getNameNode().getHttpAddress();
    p.setProperty("namenode.http", "http://127.0.0.1:" + http.getPort());
    p.setProperty("resourcemanager.address", client.get(YarnConfiguration.RM_ADDRESS));
    p.setProperty("resourcemanager.webapp", client.get(YarnConfiguration.RM_WEBAPP_ADDRESS, ""));
    var nm = yarn.getNodeManager(0);
    p.setProperty("nodemanager.local-dirs", nm.getConfig().get(YarnConfiguration.NM_LOCAL_DIRS));
    p.setProperty("nodemanager.log-dirs", nm.getConfig().get(YarnConfiguration.NM_LOG_DIRS));
    p.setProperty("superuser", System.getProperty("user.name"));
    p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
    try (OutputStream out = new FileOutputStream(state.resolve("cluster.properties").toFile())) {
      p.store(out, "MiniYarnHdfs");
    }

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      yarn.stop();
      dfs.shutdown();
    }));
    System.out.println("READY " + client.get("fs.defaultFS") + " " + client.get(YarnConfiguration.RM_ADDRESS));
    System.out.flush();
    Thread.currentThread().join();
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v;
  }
}

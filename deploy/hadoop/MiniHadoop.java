import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Hadoop's own test cluster in one JVM, for deploy/hadoop-check.sh: a MiniDFSCluster (one NameNode on
 * 127.0.0.1:NN_PORT, one DataNode) and a MiniYARNCluster (one ResourceManager, one NodeManager whose
 * containers are ordinary processes on this machine). It writes a client configuration
 * (core-site.xml, hdfs-site.xml, yarn-site.xml) into CONF_DIR, then the file CONF_DIR/ready, and runs
 * until it is killed. There is no graceful stop: the NodeManager's stop waits 10 s or more for its
 * log-deletion timers, and the clusters' data is thrown away anyway. Containers are processes of
 * their own (setsid): whoever kills this JVM kills them too (deploy/hadoop-check.sh does).
 * Run from the folder the clusters may write under (MiniYARNCluster uses ./target/NAME):
 *   java -cp "$(cat minicluster-classpath.txt)" deploy/hadoop/MiniHadoop.java CONF_DIR NN_PORT NM_MEMORY_MB
 * (NN_PORT 0: any free port; the NameNode's URI is in core-site.xml and in the ready file)
 */
public class MiniHadoop {
    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Throwable e) { // DFS threads would keep a half-started JVM alive
            e.printStackTrace();
            System.exit(1);
        }
    }

    static void run(String[] args) throws Exception {
        Path confDir = Path.of(args[0]).toAbsolutePath();
        int nnPort = Integer.parseInt(args[1]);
        int nmMemoryMb = Integer.parseInt(args[2]);
        File base = new File("target").getAbsoluteFile();

        Configuration conf = new YarnConfiguration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(base, "dfs").getPath());
        conf.setInt("dfs.replication", 1);
        conf.setBoolean("dfs.permissions.enabled", false);
        conf.set("hadoop.tmp.dir", new File(base, "tmp").getPath());
        // YARN: small containers on a small machine. MiniYARNCluster sets the NodeManager's memory from
        // its own key; the disk health checker would mark the node unhealthy on a fairly full disk.
        conf.setInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", nmMemoryMb);
        conf.setInt(YarnConfiguration.NM_PMEM_MB, nmMemoryMb);
        conf.setInt(YarnConfiguration.NM_VCORES, 4);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, nmMemoryMb);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_VCORES, 4);
        conf.set("yarn.scheduler.capacity.maximum-am-resource-percent", "0.5");
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setBoolean("yarn.nodemanager.disk-health-checker.enable", false);
        conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 100.0f);

        MiniDFSCluster dfs = new MiniDFSCluster.Builder(conf).nameNodePort(nnPort).numDataNodes(1).format(true).build();
        dfs.waitActive();
        String fs = "hdfs://127.0.0.1:" + dfs.getNameNodePort();

        MiniYARNCluster yarn = new MiniYARNCluster("sparksweep", 1, 1, 1, 1);
        yarn.init(conf);
        yarn.start();
        if (!yarn.waitForNodeManagersToConnect(60_000)) {
            throw new IllegalStateException("the NodeManager did not register with the ResourceManager");
        }

        Configuration running = yarn.getConfig();
        Files.createDirectories(confDir);
        running.set("fs.defaultFS", fs);
        write(confDir.resolve("core-site.xml"), running, List.of("fs.defaultFS"));
        write(confDir.resolve("hdfs-site.xml"), running, List.of("dfs.replication"));
        write(confDir.resolve("yarn-site.xml"), running, List.of(
                YarnConfiguration.RM_ADDRESS, YarnConfiguration.RM_SCHEDULER_ADDRESS,
                YarnConfiguration.RM_RESOURCE_TRACKER_ADDRESS, YarnConfiguration.RM_ADMIN_ADDRESS,
                YarnConfiguration.RM_WEBAPP_ADDRESS, YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB,
                YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB));
        Path ready = confDir.resolve("ready.tmp");
        Files.writeString(ready, fs + " " + running.get(YarnConfiguration.RM_ADDRESS) + "\n");
        Files.move(ready, confDir.resolve("ready"));
        System.out.println("HDFS " + fs + ", YARN ResourceManager " + running.get(YarnConfiguration.RM_ADDRESS));
        Thread.currentThread().join();
    }

    /** A client configuration file with just these keys, as the running clusters have them. */
    static void write(Path file, Configuration from, List<String> keys) throws IOException {
        Configuration out = new Configuration(false);
        for (String key : keys) {
            out.set(key, from.get(key));
        }
        try (OutputStream stream = new FileOutputStream(file.toFile())) {
            out.writeXml(stream);
        }
    }
}

// Readiness probe for infra/kafka/start.sh: succeeds once a metadata call to the broker succeeds (the
// broker answers, knows its cluster and has an active controller), not merely when its port accepts
// connections. Compiled by install.sh into <jars>/classes: java -cp 'jars/*:jars/classes' KafkaReady <bootstrap> <seconds>
// Prints the cluster id on success; exits 1 after the deadline with the last error on stderr.
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;

public class KafkaReady {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[1]));
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    Exception last = null;
    try (Admin admin = Admin.create(props)) {
      while (System.nanoTime() < deadline) {
        try {
          DescribeClusterResult cluster = admin.describeCluster();
          int nodes = cluster.nodes().get(5, TimeUnit.SECONDS).size();
          boolean controller = cluster.controller().get(5, TimeUnit.SECONDS) != null;
          if (nodes > 0 && controller) {
            System.out.println(cluster.clusterId().get(5, TimeUnit.SECONDS));
            return;
          }
        } catch (Exception e) {
          last = e;
        }
        Thread.sleep(250);
      }
    }
    System.err.println("no metadata answer from " + bootstrap + (last == null ? "" : ": " + last));
    System.exit(1);
  }
}

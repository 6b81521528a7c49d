package io.sparksweep.spark;

import io.sparksweep.util.RefusedException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Fails fast, in one line, when a standalone master cannot be reached. Without this check Spark
 * retries registration for about a minute, logs "All masters are unresponsive! Giving up." and
 * leaves the driver without executors.
 */
final class MasterCheck {

    static final int TIMEOUT_MS = 5_000;

    private MasterCheck() {}

    static void requireReachable(String master) {
        if (master == null || !master.startsWith("spark://")) {
            return; // local mode needs no network; YARN and Kubernetes report their own errors
        }
        List<String> problems = new ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new RefusedException(
                        "bad Spark master URL " + master + ": port of '" + hostPort + "' is not a number");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
                return; // one live master is enough (standby masters are listed too)
            } catch (IOException e) {
                problems.add(host + ":" + port + " (" + e.getMessage() + ")");
            }
        }
        throw new RefusedException("cannot reach the Spark master " + master + ": " + String.join(", ", problems)
                + "; is it running, and is the URL the one its log prints?");
    }
}

package dev.charter.it.app;

import dev.charter.Charter;
import dev.charter.ScopeViolation;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * Makes {@code args[0]} allowed and {@code args[1]} refused calls of {@code payments:refund}, then
 * reads the agent's MBean as any JMX client would and prints one line per attribute,
 * {@code <attribute> <value>}; first, whether an MBean server or Flight Recorder was there before it
 * created one.
 */
public final class Counted {

    private static final long WAIT_MILLIS = 10_000;

    private Counted() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("mbean-servers-at-main " + MBeanServerFactory.findMBeanServer(null).size());
        int allowed = Integer.parseInt(args[0]);
        int refused = Integer.parseInt(args[1]);
        Payments payments = new Payments();
        for (int i = 0; i < allowed; i++) {
            Charter.callAs("user:alice", () -> payments.refund("order/US-1", 1));
        }
        int denials = 0;
        for (int i = 0; i < refused; i++) {
            try {
                Charter.callAs("agent:refund-bot", () -> payments.refund("order/US-1", 1));
            } catch (ScopeViolation expected) {
                denials++;
            }
        }
        System.out.println("refused " + denials);
        System.out.println("jfr-initialized " + jdk.jfr.FlightRecorder.isInitialized());

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("dev.charter:type=Charter");
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!server.isRegistered(name) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        for (String attribute : new String[] {"PolicyFile", "PolicyVersion", "Mode", "Identities", "Reloads",
                "Rejections", "AllowsCounted", "AllowCounts", "DenyCounts", "DeferCounts"}) {
            Object value = server.getAttribute(name, attribute);
            System.out.println(attribute + " " + (value instanceof TabularData table ? counts(table) : value));
        }
    }

    private static Map<String, Long> counts(TabularData table) {
        Map<String, Long> counts = new TreeMap<>();
        for (Object row : table.values()) {
            CompositeData entry = (CompositeData) row;
            counts.put((String) entry.get("key"), (Long) entry.get("value"));
        }
        return counts;
    }
}

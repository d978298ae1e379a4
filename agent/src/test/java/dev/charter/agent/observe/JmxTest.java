package dev.charter.agent.observe;

import static dev.charter.agent.observe.Records.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MBean as a JMX client sees it: open types only, the counts as tables of key and value. */
class JmxTest {

    @TempDir
    Path dir;

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();

    @Test
    void attributes_areReadableAsOpenTypes() throws IOException, JMException {
        Path file = Files.writeString(dir.resolve("charter.yaml"), "abc");
        ObservedLog log = new ObservedLog(new Records.Kept(), false);
        log.policyLoaded(file.toString(), "enforce", 5);
        log.decision(record("deny", "payments:refund"));
        log.decision(record("deny", "payments:refund"));
        log.decision(record("defer-denied", "payments:capture"));
        assertTrue(Jmx.register(server, (Status) log.status()));
        ObjectName name = new ObjectName(Jmx.NAME);

        assertEquals(file.toString(), server.getAttribute(name, "PolicyFile"));
        assertEquals("ba7816bf8f01", server.getAttribute(name, "PolicyVersion"));
        assertEquals("enforce", server.getAttribute(name, "Mode"));
        assertEquals(5, server.getAttribute(name, "Identities"));
        assertEquals(0L, server.getAttribute(name, "Reloads"));
        assertEquals(0L, server.getAttribute(name, "Rejections"));
        assertEquals(false, server.getAttribute(name, "AllowsCounted"));
        assertEquals(Map.of("payments:refund", 2L), counts(server.getAttribute(name, "DenyCounts")));
        assertEquals(Map.of("payments:capture", 1L), counts(server.getAttribute(name, "DeferCounts")));
        assertEquals(Map.of("payments:capture", 1L), counts(server.getAttribute(name, "DeferDeniedCounts")));
        assertEquals(Map.of(), counts(server.getAttribute(name, "AllowCounts")));
    }

    @Test
    void register_twice_keepsTheFirst() throws JMException {
        Status first = new Status(true);
        assertTrue(Jmx.register(server, first));
        assertFalse(Jmx.register(server, new Status(false)));
        assertEquals(true, server.getAttribute(new ObjectName(Jmx.NAME), "AllowsCounted"));
    }

    @Test
    void registerIfServerExists_registersOnThePlatformServer() throws Exception {
        MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(Jmx.NAME);
        try {
            assertTrue(Jmx.registerIfServerExists(new Status(true)));
            assertTrue(platform.isRegistered(name));
        } finally {
            if (platform.isRegistered(name)) {
                platform.unregisterMBean(name);
            }
        }
    }

    /** A count table as a JMX client reads it. */
    static Map<String, Long> counts(Object attribute) {
        Map<String, Long> counts = new TreeMap<>();
        for (Object row : ((TabularData) attribute).values()) {
            CompositeData entry = (CompositeData) row;
            counts.put((String) entry.get("key"), (Long) entry.get("value"));
        }
        return counts;
    }
}

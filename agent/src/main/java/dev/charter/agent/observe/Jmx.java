package dev.charter.agent.observe;

import java.lang.management.ManagementFactory;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * Registers {@link CharterMXBean} once the platform MBean server exists. Loaded only when the JDK
 * has module {@code java.management}.
 *
 * <p>Charter does not create that server itself: creating it takes some 150 ms and initializes
 * {@code java.util.logging} (its logging MXBean), which the application may be about to configure.
 * Whatever creates it (the application, {@code -Dcom.sun.management.jmxremote}, {@code jconsole} or
 * {@code jcmd ManagementAgent.start}) finds the MBean there within {@link #POLL_MILLIS}.
 */
final class Jmx {

    /** The MBean's name. */
    static final String NAME = "dev.charter:type=Charter";
    /** How often to look for the platform MBean server. */
    static final long POLL_MILLIS = 500;

    private Jmx() {
    }

    /** Registers {@code status} on the platform MBean server if it exists; returns whether it exists. */
    static boolean registerIfServerExists(Status status) {
        if (MBeanServerFactory.findMBeanServer(null).isEmpty()) {
            return false;
        }
        register(ManagementFactory.getPlatformMBeanServer(), status);
        return true;
    }

    /** Registers {@code status} on {@code server} as {@link #NAME}; returns whether it did, saying why not on stderr. */
    static boolean register(MBeanServer server, Status status) {
        try {
            server.registerMBean(status, new ObjectName(NAME));
            return true;
        } catch (InstanceAlreadyExistsException e) {
            System.err.println("charter: " + NAME + " is registered already; this agent's counts are not published");
        } catch (JMException | RuntimeException e) {
            System.err.println("charter: cannot register " + NAME + ": " + e);
        }
        return false;
    }
}

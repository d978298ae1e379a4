package dev.charter.it.app;

import dev.charter.Charter;
import dev.charter.ScopeViolation;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Makes the audit file fail under a running agent ({@code args[0]} the fault, {@code args[1]} the
 * audit file) and prints how many calls of each phase were refused.
 * {@code full}: fills the audit file's file system, refuses calls, frees it again.
 * {@code rename} and {@code delete}: rotates the audit file away while refusals go on.
 * {@code once}: refuses one call. {@code forever}: refuses calls with long resources on two threads until killed.
 */
public final class AuditFaults {

    private static final Payments PAYMENTS = new Payments();

    private AuditFaults() {
    }

    public static void main(String[] args) throws Exception {
        Path audit = Path.of(args[1]);
        switch (args[0]) {
            case "full" -> full(audit);
            case "rename", "delete" -> rotate(audit, args[0]);
            case "once" -> refuse("once", 1);
            default -> forever();
        }
    }

    /** An unbound call: refused, and recorded with {@code resource}. */
    static boolean refused(String resource) {
        try {
            PAYMENTS.refund(resource, 1);
            return false;
        } catch (ScopeViolation expected) {
            return true;
        }
    }

    private static int refuse(String phase, int calls) {
        int refused = 0;
        for (int i = 0; i < calls; i++) {
            refused += refused(phase + "-" + i) ? 1 : 0;
        }
        System.out.println(phase + " " + refused);
        return refused;
    }

    private static void full(Path audit) throws Exception {
        refuse("before", 5);
        Path filler = audit.resolveSibling("filler");
        fill(filler);
        refuse("full", 20);
        System.out.println("allowed-while-full "
                + Scenarios.outcome(() -> Charter.callAs("user:alice", () -> PAYMENTS.refund("order/allowed", 1))));
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName charter = new ObjectName("dev.charter:type=Charter");
        long until = System.nanoTime() + 30_000_000_000L;
        while (!server.isRegistered(charter) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        System.out.println("jmx-failures " + ((Long) server.getAttribute(charter, "AuditWriteFailures") > 0));
        System.out.println("jmx-waiting " + server.getAttribute(charter, "AuditRecordsWaiting"));
        System.out.println("jmx-last " + server.getAttribute(charter, "LastAuditWriteFailure"));
        Files.delete(filler);
        refuse("after", 5);
    }

    /** Writes {@code filler} until its file system has no space left. */
    static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            System.out.println("filled " + full.getMessage());
        }
    }

    private static void rotate(Path audit, String how) throws Exception {
        refuse("before", 100);
        Path rotated = audit.resolveSibling(audit.getFileName() + ".1");
        if (how.equals("rename")) {
            Files.move(audit, rotated, StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.delete(audit);
        }
        // refusals go on until the agent has opened the path again
        int gap = 0;
        long until = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(audit) && System.nanoTime() < until) {
            refused("gap-" + gap++);
            Thread.sleep(2);
        }
        System.out.println("gap " + gap);
        refuse("after", 100);
    }

    private static void forever() throws InterruptedException {
        AtomicLong calls = new AtomicLong();
        String padding = "x".repeat(3000); // records longer than most, so that many span two pages of the file
        Runnable refusing = () -> {
            while (true) {
                refused("order/" + calls.incrementAndGet() + "/" + padding);
            }
        };
        Thread first = new Thread(refusing, "refusing-1");
        Thread second = new Thread(refusing, "refusing-2");
        first.start();
        second.start();
        first.join();
    }
}

package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sample's second process, as its README runs it: the refund desk calls the payments service over HTTP. */
class SamplePassportsIT {

    @Test
    void refundDesk_isDecidedByThePaymentsServicesOwnPolicy() throws Exception {
        Process process = new ProcessBuilder("sh", "sample-app/passports.sh").directory(Path.of("..").toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, process.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertEquals(4, lines.size(), out);
        assertEquals("agent:refund-bot refund order/EU-7 40.00 -> 200 refunded 40.00 on order/EU-7", lines.get(0));
        assertTrue(lines.get(1).startsWith("agent:refund-bot refund order/US-3 40.00 -> 403 agent:refund-bot may not"
                + " payments:refund on \"order/US-3\": resource not granted"), out);
        assertTrue(lines.get(2).startsWith("agent:refund-bot refund order/EU-8 900.00 -> 403 agent:refund-bot may not"
                + " payments:refund on \"order/EU-8\": max-per-call 200 exceeded"), out);
        assertTrue(lines.get(3).startsWith("unbound refund order/EU-9 10.00 -> 403 unbound thread may not"
                + " payments:refund on \"order/EU-9\": no identity bound"), out);
    }
}

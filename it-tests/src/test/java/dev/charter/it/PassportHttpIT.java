package dev.charter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.charter.it.app.passport.ToolClient;
import dev.charter.it.app.passport.ToolServer;
import dev.charter.it.support.Jvm;
import dev.charter.it.support.Passports;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Passports carried over HTTP with no Charter code in the calls: the orchestrator's JVM calls the
 * tools service's JVM — its JDK HTTP server and its Jetty servlet — with HttpClient (sync and async)
 * and HttpURLConnection.
 */
class PassportHttpIT {

    /** The servlet container's jars, from this test's own class path. */
    private static final String JETTY = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(jar -> jar.contains("jetty") || jar.contains("jakarta.servlet") || jar.contains("slf4j"))
            .collect(Collectors.joining(File.pathSeparator));

    @Test
    void request_fromBoundCaller_runsAsTheCallerInTheOtherJvm() throws Exception {
        Path audit = Files.createTempFile("charter-passport-http-", ".jsonl");
        try (Jvm.Running server = Passports.receiver(audit).classPath(JETTY).start(ToolServer.class)) {
            String[] ports = server.awaitLine("PORTS ").split(" ");
            Jvm.Result client = Passports.sender().run(ToolClient.class, ports[1], ports[2]);
            assertEquals(0, client.exit(), client::toString);
            for (String kind : new String[] {"jdk.sync", "jdk.async", "jdk.urlconnection",
                "jetty.sync", "jetty.async", "jetty.urlconnection"}) {
                assertEquals("ALLOWED as agent:refund-bot", client.outcome(kind + ".granted"), client::toString);
                assertTrue(client.outcome(kind + ".ungranted").startsWith(
                        "DENIED agent:refund-bot may not payments:refund on \"order/US-1\": resource not granted"),
                        client::toString);
                assertTrue(client.outcome(kind + ".unbound").startsWith("DENIED unbound thread may not payments:refund"
                        + " on \"order/EU-1\": no identity bound on thread"), client::toString);
                assertTrue(client.outcome(kind + ".garbage").endsWith("(the request's passport was refused:"
                        + " malformed passport: expected header.payload.signature)"), client::toString);
                assertEquals("current none", client.outcome(kind + ".next"), client::toString);
            }
            assertTrue(server.err().isEmpty() || !server.err().contains("Exception"), server.err());
        }
        long refusals = Files.readAllLines(audit).stream()
                .filter(line -> line.contains("\"scope\":\"charter:passport\"")
                        && line.contains("\"reason\":\"malformed passport: expected header.payload.signature\""))
                .count();
        assertEquals(6, refusals, "one charter:passport record per garbage header");
        Files.delete(audit);
    }
}

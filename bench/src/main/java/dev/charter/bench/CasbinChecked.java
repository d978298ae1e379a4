package dev.charter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.openjdk.jmh.annotations.CompilerControl;

/**
 * jcasbin's RBAC model with 23 policy lines ({@code casbin-model.conf}, {@code casbin-policy.csv}),
 * asked at method entry whether the identity bound to the thread may {@code payments refund}.
 */
final class CasbinChecked {

    private static final ThreadLocal<String> BOUND = new ThreadLocal<>();

    private final Enforcer enforcer;
    /** How many policy lines the enforcer holds. */
    final int lines;

    CasbinChecked() {
        Model model = new Model();
        model.loadModelFromText(resource("casbin-model.conf"));
        enforcer = new Enforcer(model);
        int lines = 0;
        for (String line : resource("casbin-policy.csv").split("\n")) {
            String[] fields = line.split(",\\s*");
            switch (fields[0]) {
                case "p" -> enforcer.addPolicy(fields[1], fields[2], fields[3]);
                case "g" -> enforcer.addGroupingPolicy(fields[1], fields[2]);
                default -> throw new IllegalStateException("unexpected casbin policy line: " + line);
            }
            lines++;
        }
        this.lines = lines;
    }

    static void bind(String identity) {
        BOUND.set(identity);
    }

    static void unbind() {
        BOUND.remove();
    }

    boolean allows(String subject, String object, String action) {
        return enforcer.enforce(subject, object, action);
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    long refund(long cents) {
        String subject = BOUND.get();
        if (subject == null || !enforcer.enforce(subject, "payments", "refund")) {
            throw new SecurityException("refused: " + subject + " may not payments refund");
        }
        return cents + 1;
    }

    private static String resource(String name) {
        try (InputStream in = CasbinChecked.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " beside " + CasbinChecked.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

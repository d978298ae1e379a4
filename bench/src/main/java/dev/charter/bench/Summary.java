package dev.charter.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One table of every case of a run, in Markdown, as {@code docs/PERFORMANCE.md} shows it: ns/op with
 * its error, B/op, and the ratios to the bare call, the hand-written bitset and Charter's allowed call.
 */
final class Summary {

    static final String BARE = "BaselineBench.bare";
    static final String BITSET = "BaselineBench.bitset";
    static final String CHARTER = "CharterBench.allowed";
    static final String PING = "FleetBench.ping";
    static final String REDIS = "FleetBench.redisLedger";

    /** The cases in the order the docs show them, by short name, with what each measures. */
    static final Map<String, String> CASES = new LinkedHashMap<>();

    static {
        CASES.put(BARE, "bare method call, no check");
        CASES.put(BITSET, "hand-written ThreadLocal identity + long[] bitset (the practical limit)");
        CASES.put(CHARTER, "Charter, allowed, no resource");
        CASES.put("CharterBench.allowedChain3", "Charter, allowed, identity chain of depth 3");
        CASES.put("CharterBench.budgetAndRate", "Charter, allowed by a grant with a budget and a rate (ledger charged)");
        CASES.put("CharterBench.budgetAndRateTwoThreads",
                "Charter, allowed by a grant with a budget and a rate, 2 threads on the same counters (per thread)");
        CASES.put(PING, "bare Jedis PING to a local redis-server (one round trip)");
        CASES.put(REDIS, "Charter, allowed by a grant with a budget and a rate, charged on the Redis ledger");
        CASES.put("CharterBench.allowedTwoThreads", "Charter, allowed, 2 threads (per thread)");
        CASES.put("CharterBench.resourceHit", "Charter, allowed on an @ActsOn resource, cache hit");
        CASES.put("CharterBench.resourceAndSpend", "Charter, allowed on an @ActsOn resource with a @Spends amount, no limit");
        CASES.put("CharterBench.resourceStream", "Charter, allowed on 10,000 distinct resources (cache misses)");
        CASES.put("CharterBench.denied", "Charter, denied: audit record to a file + ScopeViolation");
        CASES.put("CharterBench.deniedTwoThreads", "Charter, denied, 2 threads (per thread): records grouped into shared writes");
        CASES.put("AuditBench.record", "audit file alone: one refusal's record made, written as JSON, in the file");
        CASES.put("AuditBench.rawWrite", "one bare write of the same bytes to a file opened for appending (the kernel's share)");
        CASES.put("CarryBench.unboundTaskOnUnboundThread", "a JDK task carried: unbound task on an unbound thread");
        CASES.put("CarryBench.alicesTaskOnAlicesThread", "a JDK task carried: alice's task on alice's thread");
        CASES.put("CarryBench.unboundTaskOnAlicesThread",
                "a JDK task carried: unbound task on alice's thread (caller checked)");
        CASES.put("PassportBench.bareVerify", "one bare Ed25519 Signature.verify, JDK (the passports' baseline)");
        CASES.put("PassportBench.firstBind", "Charter.bindPassport, first time: signature, claims, chain checked");
        CASES.put("PassportBench.cachedBind", "Charter.bindPassport, passport seen before: cached, no signature");
        CASES.put("SpringSecurityBench.authorizationManager[logging=off]",
                "Spring Security 7 AuthorizationManager (hasAuthority), AOP proxy, logging off");
        CASES.put("SpringSecurityBench.preAuthorize[logging=off]",
                "Spring Security 7 @PreAuthorize (SpEL), AOP proxy, logging off");
        CASES.put("SpringSecurityBench.authorizationManager[logging=default]",
                "Spring Security 7 AuthorizationManager, AOP proxy, default logging");
        CASES.put("SpringSecurityBench.preAuthorize[logging=default]",
                "Spring Security 7 @PreAuthorize (SpEL), AOP proxy, default logging");
        CASES.put("CasbinBench.enforce", "jcasbin RBAC enforce, 23 policy lines");
        CASES.put("SecurityManagerBench.checkPermission", "JDK 17 SecurityManager.checkPermission, custom permission");
    }

    /** One measured case. */
    record Row(String name, String description, double nsPerOp, double error, double bytesPerOp) {
    }

    private Summary() {
    }

    static void print(Collection<RunResult> results, PrintStream out) {
        List<Row> rows = rows(results);
        if (rows.isEmpty()) {
            return;
        }
        Map<String, Row> byName = new LinkedHashMap<>();
        rows.forEach(row -> byName.put(row.name(), row));
        BenchmarkParams first = results.iterator().next().getParams();
        out.println();
        out.println("# charter-bench: every case of this run (ns/op ± 99.9% error; B/op from -prof gc)");
        out.printf(Locale.ROOT, "# forks: JDK %s, %s %s; %d cores; warmup %s, measurement %s, forks %d%n",
                first.getJdkVersion(), first.getVmName(), first.getVmVersion(), Runtime.getRuntime().availableProcessors(),
                first.getWarmup(), first.getMeasurement(), first.getForks());
        out.println();
        out.println("| case | ns/op | ± | B/op | × bare | × bitset | × Charter allowed |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", row.description(),
                    number(row.nsPerOp()), number(row.error()), number(row.bytesPerOp()),
                    ratio(row, byName.get(BARE)), ratio(row, byName.get(BITSET)), ratio(row, byName.get(CHARTER)));
        }
        if (byName.get(REDIS) != null) {
            out.println();
            headline(out, "Redis ledger / PING", byName.get(REDIS), byName.get(PING));
        }
        Row charter = byName.get(CHARTER);
        if (charter != null) {
            out.println();
            headline(out, "Charter / bare", charter, byName.get(BARE));
            headline(out, "Charter / bitset", charter, byName.get(BITSET));
            if (byName.get(BITSET) != null) {
                out.printf(Locale.ROOT, "Charter - bitset: %+.2f ns%n", charter.nsPerOp() - byName.get(BITSET).nsPerOp());
            }
            for (Row row : rows) {
                if (row.name().startsWith("SpringSecurityBench.") || row.name().startsWith("CasbinBench.")) {
                    headline(out, row.name() + " / Charter", row, charter);
                }
            }
        }
    }

    static List<Row> rows(Collection<RunResult> results) {
        Map<String, Row> measured = new LinkedHashMap<>();
        for (RunResult result : results) {
            String name = name(result.getParams());
            Result<?> primary = result.getPrimaryResult();
            measured.put(name, new Row(name, CASES.getOrDefault(name, name), primary.getScore(),
                    primary.getScoreError(), bytesPerOp(result)));
        }
        List<Row> rows = new ArrayList<>();
        CASES.keySet().stream().filter(measured::containsKey).forEach(name -> rows.add(measured.remove(name)));
        rows.addAll(measured.values());
        return rows;
    }

    /** {@code CharterBench.allowed}, or {@code SpringSecurityBench.preAuthorize[logging=off]}. */
    static String name(BenchmarkParams params) {
        String full = params.getBenchmark();
        int method = full.lastIndexOf('.');
        int type = full.lastIndexOf('.', method - 1);
        StringBuilder name = new StringBuilder(full.substring(type + 1));
        if (!params.getParamsKeys().isEmpty()) {
            List<String> values = new ArrayList<>();
            params.getParamsKeys().forEach(key -> values.add(key + "=" + params.getParam(key)));
            name.append('[').append(String.join(",", values)).append(']');
        }
        return name.toString();
    }

    private static double bytesPerOp(RunResult result) {
        for (String label : result.getSecondaryResults().keySet()) {
            if (label.endsWith("gc.alloc.rate.norm")) {
                return result.getSecondaryResults().get(label).getScore();
            }
        }
        return Double.NaN;
    }

    private static void headline(PrintStream out, String label, Row numerator, Row denominator) {
        if (denominator != null) {
            out.printf(Locale.ROOT, "%s: %.2f%n", label, numerator.nsPerOp() / denominator.nsPerOp());
        }
    }

    private static String ratio(Row row, Row base) {
        return base == null ? "" : String.format(Locale.ROOT, "%.2f", row.nsPerOp() / base.nsPerOp());
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}

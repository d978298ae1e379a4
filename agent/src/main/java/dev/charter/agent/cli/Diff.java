package dev.charter.agent.cli;

import dev.charter.agent.audit.JsonText;
import dev.charter.agent.policy.Deferral;
import dev.charter.agent.policy.Exclusive;
import dev.charter.agent.policy.Limits;
import dev.charter.agent.policy.Mode;
import dev.charter.agent.policy.Policy;
import dev.charter.agent.policy.Reach;
import dev.charter.agent.policy.Window;
import dev.charter.agent.policy.WrittenGrant;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code diff}: what an edit of a policy changes, for a review. Per identity, the authority it gains
 * (calls the new policy allows and the old one does not) and loses, each as a scope pattern on
 * resource globs with an example call, computed exactly from effective authority (delegation
 * included); limits that loosen or tighten on grants written alike in both; governance removed,
 * added or changed; a change of mode; and {@code check}'s overlaps and findings that are new.
 *
 * <p>The new policy <em>widens</em> when an identity gains authority, a limit or a governance rule
 * loosens (or changes in a way that is not plainly tighter), or enforcement stops: a review gate
 * fails on that (exit 1).
 */
final class Diff {

    /** One line of the diff: what kind of change, about whom, in a sentence, at which policy line. */
    record Change(Kind kind, String identity, String message, String rule, Map<String, Object> facts) {
    }

    /** The kinds of change, in the order they are listed; {@code widens} says which make the new policy wider. */
    enum Kind {
        GAINED("gained", "+", true),
        LOST("lost", "-", false),
        LOOSENED("loosened", "~", true),
        TIGHTENED("tightened", "~", false),
        NEW_OVERLAP("new-overlap", "!", false),
        NEW_FINDING("new-finding", "!", false);

        final String id;
        final String mark;
        final boolean widens;

        Kind(String id, String mark, boolean widens) {
            this.id = id;
            this.mark = mark;
            this.widens = widens;
        }
    }

    /** A {@code file:line} in a message: two files name one rule differently, so findings are compared without them. */
    private static final Pattern RULE = Pattern.compile("\\S+:\\d+");

    private final Policy before;
    private final Policy after;
    private final List<Change> changes = new ArrayList<>();

    private Diff(Policy before, Policy after) {
        this.before = before;
        this.after = after;
    }

    /** The changes from {@code before} to {@code after}; the reports are {@code check}'s of each, scanned alike. */
    static List<Change> run(Policy before, Policy after, Report beforeReport, Report afterReport) {
        Diff diff = new Diff(before, after);
        diff.authority();
        diff.limits();
        diff.governance();
        diff.mode();
        diff.findings(beforeReport, afterReport);
        diff.changes.sort((a, b) -> Integer.compare(a.kind().ordinal(), b.kind().ordinal()));
        return List.copyOf(diff.changes);
    }

    static boolean widens(List<Change> changes) {
        return changes.stream().anyMatch(change -> change.kind().widens);
    }

    static void printText(String beforeFile, String afterFile, List<Change> changes, PrintStream out) {
        for (Change change : changes) {
            out.println(change.kind().mark + " " + change.message() + (change.rule() == null ? "" : " (" + change.rule() + ")"));
        }
        Map<Kind, Integer> counts = new LinkedHashMap<>();
        changes.forEach(change -> counts.merge(change.kind(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((kind, n) -> parts.add(n + " " + kind.id));
        out.println(beforeFile + " -> " + afterFile + ": " + (widens(changes) ? "widens" : "does not widen")
                + (parts.isEmpty() ? "; no changes" : "; " + String.join(", ", parts)));
    }

    static String json(String beforeFile, String afterFile, List<Change> changes) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("old", beforeFile);
        json.put("new", afterFile);
        json.put("widens", widens(changes));
        List<Object> all = new ArrayList<>();
        for (Change change : changes) {
            Map<String, Object> each = new LinkedHashMap<>();
            each.put("kind", change.kind().id);
            each.put("identity", change.identity());
            each.put("message", change.message());
            each.put("rule", change.rule());
            each.putAll(change.facts());
            all.add(each);
        }
        json.put("changes", all);
        return JsonText.of(json);
    }

    private void authority() {
        for (Reach reach : after.beyond(before)) {
            changes.add(reach(Kind.GAINED, reach, " may now "));
        }
        for (Reach reach : before.beyond(after)) {
            changes.add(reach(Kind.LOST, reach, " may no longer "));
        }
    }

    private static Change reach(Kind kind, Reach reach, String verb) {
        String on = reach.resources().isEmpty() ? " on any resource" : " on " + String.join(" & ", reach.resources());
        String example = reach.example() + (reach.resource() == null ? " naming no resource" : " on " + quoted(reach.resource()));
        return new Change(kind, reach.identity(), reach.identity() + verb + "'" + reach.scope() + "'" + on + ", e.g. " + example,
                reach.rule(), facts("scope", reach.scope(), "resources", reach.resources(),
                        "example", Map.of("scope", reach.example(), "resource", Objects.toString(reach.resource(), ""))));
    }

    /** Limits of grants written with the same identity, scope and resources in both policies. */
    private void limits() {
        Set<WrittenGrant> seen = new HashSet<>();
        for (WrittenGrant grant : after.grants()) {
            WrittenGrant key = new WrittenGrant(grant.identity(), "", grant.scope(), grant.resources());
            List<Limits> old = before.limitsOf(grant);
            if (old.isEmpty() || !seen.add(key)) {
                continue;
            }
            Limits was = old.get(0);
            Limits now = after.limitsOf(grant).get(0);
            String what = grant.identity() + " '" + grant.scope() + "'"
                    + (grant.resources().isEmpty() ? "" : " on " + String.join(", ", grant.resources())) + ": ";
            compare(what, grant, "max-per-call", text(was.maxPerCall()), text(now.maxPerCall()),
                    order(was.maxPerCall(), now.maxPerCall(), true));
            compare(what, grant, "budget", text(was.budget()), text(now.budget()), order(was.budget(), now.budget()));
            compare(what, grant, "rate", text(was.rate()), text(now.rate()), order(was.rate(), now.rate()));
            String wasActive = was.active() == null ? null : was.active().text();
            String nowActive = now.active() == null ? null : now.active().text();
            compare(what, grant, "active", text(wasActive), text(nowActive),
                    Objects.equals(wasActive, nowActive) ? 0 : nowActive == null ? 1 : wasActive == null ? -1 : 2);
            compare(what, grant, "expires", text(was.expires()), text(now.expires()), order(was.expires(), now.expires(), true));
        }
    }

    /**
     * Adds a change of one limit: {@code looser} is 0 for none, 1 looser, -1 tighter, 2 changed in a way
     * that is neither (counted as looser: a review should look at it).
     */
    private void compare(String what, WrittenGrant grant, String limit, String was, String now, int looser) {
        if (looser == 0) {
            return;
        }
        Kind kind = looser > 0 ? Kind.LOOSENED : Kind.TIGHTENED;
        String how = looser == 2 ? "changed" : looser > 0 ? "looser" : "tighter";
        changes.add(new Change(kind, grant.identity(), what + limit + " " + was + " -> " + now + ", " + how, grant.rule(),
                facts("scope", grant.scope(), "resources", grant.resources(), "limit", limit, "from", was, "to", now)));
    }

    /** 1 when {@code now} allows more than {@code was} ({@code null}: no bound), -1 less, 0 the same. */
    private static <T extends Comparable<T>> int order(T was, T now, boolean largerIsLooser) {
        if (Objects.equals(was, now) || was != null && now != null && was.compareTo(now) == 0) {
            return 0;
        }
        if (was == null || now == null) {
            return now == null ? 1 : -1;
        }
        return (now.compareTo(was) > 0) == largerIsLooser ? 1 : -1;
    }

    /** Windows: a larger limit or a shorter window allows more; both ways at once is a change to look at. */
    private static int order(Window was, Window now) {
        if (was == null || now == null) {
            return was == now ? 0 : now == null ? 1 : -1;
        }
        int limit = now.limit().compareTo(was.limit());
        int per = was.per().compareTo(now.per());
        if (limit == 0 && per == 0) {
            return 0;
        }
        return limit >= 0 && per >= 0 ? 1 : limit <= 0 && per <= 0 ? -1 : 2;
    }

    private void governance() {
        Map<String, Deferral> wasDeferred = new LinkedHashMap<>();
        before.deferrals().forEach(deferral -> wasDeferred.putIfAbsent(deferral.pattern(), deferral));
        Map<String, Deferral> nowDeferred = new LinkedHashMap<>();
        after.deferrals().forEach(deferral -> nowDeferred.putIfAbsent(deferral.pattern(), deferral));
        wasDeferred.forEach((pattern, was) -> {
            Deferral now = nowDeferred.get(pattern);
            String what = "governance: '" + pattern + "' deferred for approval ";
            if (now == null) {
                governed(Kind.LOOSENED, what + when(was) + " no longer", was.rule(), pattern);
            } else if (!Objects.equals(was.spendOver(), now.spendOver())) {
                int looser = order(was.spendOver(), now.spendOver(), true);
                governed(looser > 0 ? Kind.LOOSENED : Kind.TIGHTENED, what + when(was) + " -> " + when(now), now.rule(), pattern);
            }
        });
        nowDeferred.forEach((pattern, now) -> {
            if (!wasDeferred.containsKey(pattern)) {
                governed(Kind.TIGHTENED, "governance: '" + pattern + "' now deferred for approval " + when(now), now.rule(), pattern);
            }
        });
        Map<String, Exclusive> wasExclusive = new LinkedHashMap<>();
        before.exclusives().forEach(exclusive -> wasExclusive.putIfAbsent(exclusive.pattern(), exclusive));
        Map<String, Exclusive> nowExclusive = new LinkedHashMap<>();
        after.exclusives().forEach(exclusive -> nowExclusive.putIfAbsent(exclusive.pattern(), exclusive));
        wasExclusive.forEach((pattern, was) -> {
            Exclusive now = nowExclusive.get(pattern);
            String what = "governance: '" + pattern + "' ";
            if (now == null) {
                governed(Kind.LOOSENED, what + "no longer exclusive", was.rule(), pattern);
            } else if (!Objects.equals(was.lease(), now.lease())) {
                int looser = was.lease() == null ? 1 : now.lease() == null ? -1 : order(was.lease(), now.lease(), false);
                governed(looser > 0 ? Kind.LOOSENED : Kind.TIGHTENED, what + "exclusive with lease " + lease(was.lease())
                        + " -> " + lease(now.lease()), now.rule(), pattern);
            }
        });
        nowExclusive.forEach((pattern, now) -> {
            if (!wasExclusive.containsKey(pattern)) {
                governed(Kind.TIGHTENED, "governance: '" + pattern + "' now exclusive", now.rule(), pattern);
            }
        });
    }

    private void governed(Kind kind, String message, String rule, String pattern) {
        changes.add(new Change(kind, null, message, rule, facts("pattern", pattern)));
    }

    private void mode() {
        if (before.mode() != after.mode()) {
            boolean stops = after.mode() == Mode.AUDIT;
            changes.add(new Change(stops ? Kind.LOOSENED : Kind.TIGHTENED, null, "mode " + name(before.mode()) + " -> "
                    + name(after.mode()) + (stops ? ": nothing is refused any more" : ": calls are refused again"), null,
                    facts("from", name(before.mode()), "to", name(after.mode()))));
        }
    }

    /** {@code check}'s findings and overlaps of the new policy that the old one does not have, lines aside. */
    private void findings(Report beforeReport, Report afterReport) {
        Set<String> known = new HashSet<>();
        beforeReport.all().forEach(finding -> known.add(key(finding)));
        for (Finding finding : afterReport.all()) {
            if (!known.contains(key(finding))) {
                Kind kind = finding.kind().id.contains("overlap") ? Kind.NEW_OVERLAP : Kind.NEW_FINDING;
                changes.add(new Change(kind, null, finding.message(), finding.rule(), facts("finding", finding.kind().id)));
            }
        }
    }

    private static String key(Finding finding) {
        return finding.kind().id + " " + RULE.matcher(finding.message()).replaceAll("_");
    }

    private static String when(Deferral deferral) {
        return deferral.spendOver() == null ? "always" : "when spend over " + deferral.spendOver().toPlainString();
    }

    private static String lease(Duration lease) {
        return lease == null ? "none" : Check.duration(lease);
    }

    private static String name(Mode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    private static String text(Object limit) {
        if (limit == null) {
            return "none";
        }
        if (limit instanceof BigDecimal amount) {
            return amount.toPlainString();
        }
        if (limit instanceof Window window) {
            return window.text();
        }
        if (limit instanceof Instant instant) {
            return instant.toString();
        }
        return limit.toString();
    }

    private static String quoted(String value) {
        return JsonText.of(value);
    }

    private static Map<String, Object> facts(Object... pairs) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            facts.put((String) pairs[i], pairs[i + 1]);
        }
        return facts;
    }
}

package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Properties of decisions over random policies: they agree with a plain reading of the rules,
 * with {@link Policy#coverage}, and do not depend on the order grants are written in.
 */
class PolicyPropertiesTest {

    private static final int POLICIES = 100;
    private static final List<String> SEGMENTS = List.of("a", "b", "c");
    private static final List<String> GLOBS = List.of("r/*", "r/**", "r/x", "*/y", "**", "s/*/y", "t");
    private static final List<String> RESOURCES = Arrays.asList(null, "r/x", "r/y", "r/x/y", "s/q/y", "t", "");
    private static final List<String> SCOPES = concreteScopes();

    record GrantSpec(String scope, List<String> resources) {
    }

    record IdentitySpec(String name, String principal, List<GrantSpec> grants) {
    }

    @Test
    void decide_agreesWithPlainReadingOfTheRules() throws PolicyException {
        for (int seed = 0; seed < POLICIES; seed++) {
            List<IdentitySpec> specs = randomPolicy(new Random(seed));
            Map<String, IdentitySpec> byName = specs.stream().collect(Collectors.toMap(IdentitySpec::name, Function.identity()));
            Policy policy = Policy.parse(yaml(specs), "random.yaml");
            for (String identity : queriedIdentities(specs)) {
                for (String scope : SCOPES) {
                    for (String resource : RESOURCES) {
                        assertEquals(plainlyAllowed(byName, identity, scope, resource),
                                policy.decide(identity, scope, resource).allowed(),
                                () -> identity + " " + scope + " on " + resource + " in:\n" + yaml(specs));
                    }
                }
            }
        }
    }

    @Test
    void coverage_agreesWithDecide() throws PolicyException {
        for (int seed = 0; seed < POLICIES; seed++) {
            List<IdentitySpec> specs = randomPolicy(new Random(seed));
            Policy policy = Policy.parse(yaml(specs), "random.yaml");
            for (String identity : queriedIdentities(specs)) {
                for (String scope : SCOPES) {
                    Coverage coverage = policy.coverage(identity, scope);
                    for (String resource : RESOURCES) {
                        boolean allowed = policy.decide(identity, scope, resource).allowed();
                        if (coverage == Coverage.ALL_RESOURCES) {
                            assertTrue(allowed, identity + " " + scope + " on " + resource);
                        } else if (coverage == Coverage.NONE) {
                            assertFalse(allowed, identity + " " + scope + " on " + resource);
                        }
                    }
                }
            }
        }
    }

    @Test
    void decide_doesNotDependOnOrderOfGrants() throws PolicyException {
        for (int seed = 0; seed < POLICIES; seed++) {
            Random random = new Random(seed);
            List<IdentitySpec> specs = randomPolicy(random);
            List<IdentitySpec> shuffled = new ArrayList<>();
            for (IdentitySpec spec : specs) {
                List<GrantSpec> grants = new ArrayList<>(spec.grants());
                Collections.shuffle(grants, random);
                shuffled.add(new IdentitySpec(spec.name(), spec.principal(), grants));
            }
            Collections.shuffle(shuffled, random);
            Policy policy = Policy.parse(yaml(specs), "random.yaml");
            Policy reordered = Policy.parse(yaml(shuffled), "random.yaml");
            for (String identity : queriedIdentities(specs)) {
                for (String scope : SCOPES) {
                    assertEquals(policy.coverage(identity, scope), reordered.coverage(identity, scope));
                    for (String resource : RESOURCES) {
                        Decision before = policy.decide(identity, scope, resource);
                        Decision after = reordered.decide(identity, scope, resource);
                        String what = identity + " " + scope + " on " + resource + " in:\n" + yaml(specs);
                        assertEquals(before.allowed(), after.allowed(), what);
                        assertEquals(before.reason(), after.reason(), what);
                        assertEquals(before.rule() == null, after.rule() == null, what);
                    }
                }
            }
        }
    }

    /** The rules as the format states them: an own grant implies the scope and covers the resource, and so does the principal. */
    private static boolean plainlyAllowed(Map<String, IdentitySpec> specs, String identity, String scope, String resource) {
        IdentitySpec spec = specs.get(identity);
        if (spec == null) {
            return false;
        }
        boolean own = spec.grants().stream().anyMatch(grant -> implies(grant.scope(), scope)
                && (grant.resources().isEmpty()
                        || resource != null && grant.resources().stream().anyMatch(glob -> globMatches(glob, resource))));
        return own && (spec.principal() == null || plainlyAllowed(specs, spec.principal(), scope, resource));
    }

    private static boolean implies(String pattern, String scope) {
        String[] wanted = pattern.split(":");
        String[] asked = scope.split(":");
        for (int i = 0; i < wanted.length; i++) {
            boolean any = wanted[i].equals("*");
            if (i >= asked.length ? !any : !any && !List.of(wanted[i].split(",")).contains(asked[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean globMatches(String glob, String resource) {
        String regex = Arrays.stream(glob.split("\\*\\*", -1))
                .map(part -> Arrays.stream(part.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining("[^/]*")))
                .collect(Collectors.joining(".*"));
        return Pattern.matches(regex, resource);
    }

    private static List<IdentitySpec> randomPolicy(Random random) {
        List<IdentitySpec> specs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // principals come from earlier identities, so there are no cycles
            String principal = i > 0 && random.nextInt(10) < 6 ? "id" + random.nextInt(i) : null;
            List<GrantSpec> grants = new ArrayList<>();
            for (int g = random.nextInt(4); g > 0; g--) {
                grants.add(new GrantSpec(randomPattern(random), randomGlobs(random)));
            }
            specs.add(new IdentitySpec("id" + i, principal, grants));
        }
        return specs;
    }

    private static String randomPattern(Random random) {
        List<String> segments = new ArrayList<>();
        for (int s = 1 + random.nextInt(3); s > 0; s--) {
            if (random.nextInt(4) == 0) {
                segments.add("*");
            } else {
                List<String> alternatives = new ArrayList<>(SEGMENTS);
                Collections.shuffle(alternatives, random);
                segments.add(String.join(",", alternatives.subList(0, 1 + random.nextInt(2))));
            }
        }
        return String.join(":", segments);
    }

    private static List<String> randomGlobs(Random random) {
        if (random.nextBoolean()) {
            return List.of();
        }
        List<String> globs = new ArrayList<>(GLOBS);
        Collections.shuffle(globs, random);
        return globs.subList(0, 1 + random.nextInt(2));
    }

    private static String yaml(List<IdentitySpec> specs) {
        StringBuilder yaml = new StringBuilder("version: 1\nidentities:\n");
        for (IdentitySpec spec : specs) {
            yaml.append("  ").append(spec.name()).append(":\n");
            if (spec.principal() != null) {
                yaml.append("    on-behalf-of: ").append(spec.principal()).append('\n');
            }
            yaml.append("    grants:\n");
            for (GrantSpec grant : spec.grants()) {
                yaml.append("      - scope: \"").append(grant.scope()).append("\"\n");
                if (!grant.resources().isEmpty()) {
                    yaml.append("        resources: [\"").append(String.join("\", \"", grant.resources())).append("\"]\n");
                }
            }
        }
        return yaml.toString();
    }

    private static List<String> queriedIdentities(List<IdentitySpec> specs) {
        List<String> identities = specs.stream().map(IdentitySpec::name).collect(Collectors.toList());
        identities.add("undeclared");
        return identities;
    }

    /** Every concrete scope of one to three segments over a, b, c and d (d is in no pattern). */
    private static List<String> concreteScopes() {
        List<String> scopes = new ArrayList<>();
        List<String> level = List.of("");
        for (int length = 1; length <= 3; length++) {
            List<String> next = new ArrayList<>();
            for (String prefix : level) {
                for (String segment : List.of("a", "b", "c", "d")) {
                    next.add(prefix.isEmpty() ? segment : prefix + ":" + segment);
                }
            }
            scopes.addAll(next);
            level = next;
        }
        return scopes;
    }
}

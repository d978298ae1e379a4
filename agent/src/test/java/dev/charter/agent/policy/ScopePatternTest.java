package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScopePatternTest {

    @ParameterizedTest(name = "{0} implies {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            payments:refund          | payments:refund          | true
            payments:refund          | payments:capture         | false
            payments:*               | payments:refund          | true
            payments:*               | payments:refund:partial  | true
            payments:*               | payments                 | true
            payments:*:*             | payments                 | true
            payments:*:full          | payments                 | false
            payments:*:full          | payments:refund          | false
            payments:*:full          | payments:refund:full     | true
            payments                 | payments:refund:partial  | true
            payments                 | payments                 | true
            payments                 | paymentsx                | false
            payments                 | pay                      | false
            payments:refund          | payments                 | false
            payments:refund:partial  | payments:refund          | false
            payments:refund,capture  | payments:capture         | true
            payments:refund,capture  | payments:void            | false
            payments:refund,capture  | payments:refun           | false
            payments:refund,capture  | payments:refund:partial  | true
            a,b:c,d                  | b:d                      | true
            a,b:c,d                  | b:e                      | false
            *                        | anything:at:all          | true
            *                        | x                        | true
            *:read                   | orders:read              | true
            *:read                   | orders:write             | false
            *:read                   | orders                   | false
            Payments:refund          | payments:refund          | false
            payments:refund          | payments:REFUND          | false
            payments:refund          | payments:refund.v2       | false
            """)
    void implies_table(String pattern, String scope, boolean expected) {
        assertNull(ScopePattern.problemWith(pattern), pattern);
        assertNull(Policy.checkActionScope(scope), scope);
        assertEquals(expected, ScopePattern.compile(pattern).implies(scope));
    }

    @ParameterizedTest(name = "{0} and {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            catalog:*                | catalog:price:write      | catalog:price:write      | catalog:price:write
            catalog                  | catalog:price:*          | catalog:price:*          | catalog:price:x
            catalog:price:*          | catalog                  | catalog:price:*          | catalog:price:x
            catalog:price:*          | catalog:price:write      | catalog:price:write      | catalog:price:write
            catalog:price:write      | catalog:price:read       | -                        | -
            catalog:price:read,write | catalog:price:write,drop | catalog:price:write      | catalog:price:write
            a,b,c                    | c,b                      | b,c                      | b
            *                        | *                        | *                        | x
            *                        | a:*:c                    | a:*:c                    | a:x:c
            *:read                   | orders:*                 | orders:read              | orders:read
            orders                   | payments                 | -                        | -
            a:b                      | a:b:c:d                  | a:b:c:d                  | a:b:c:d
            a:*:*                    | a                        | a:*:*                    | a:x:x
            """)
    void intersect_table(String first, String second, String expected, String example) {
        ScopePattern both = ScopePattern.compile(first).intersect(ScopePattern.compile(second));
        assertEquals(expected, both == null ? null : both.toString());
        assertEquals(example, both == null ? null : both.example());
        if (example != null) {
            assertTrue(ScopePattern.compile(first).implies(example), first + " must imply " + example);
            assertTrue(ScopePattern.compile(second).implies(example), second + " must imply " + example);
        }
    }

    /** The intersection implies exactly what both patterns imply, over every pattern and scope of a small alphabet. */
    @Test
    void intersect_agreesWithImplies() {
        List<String> patterns = List.of("a", "b", "*", "a,b", "a:b", "a:*", "*:a", "a:b,c", "*:*", "a:*:c", "b:a:*", "*:*:*", "c:b:a");
        List<String> scopes = new ArrayList<>();
        for (String one : List.of("a", "b", "c")) {
            scopes.add(one);
            for (String two : List.of("a", "b", "c")) {
                scopes.add(one + ":" + two);
                for (String three : List.of("a", "b", "c")) {
                    scopes.add(one + ":" + two + ":" + three);
                    scopes.add(one + ":" + two + ":" + three + ":a");
                }
            }
        }
        for (String first : patterns) {
            for (String second : patterns) {
                ScopePattern p = ScopePattern.compile(first);
                ScopePattern q = ScopePattern.compile(second);
                ScopePattern both = p.intersect(q);
                boolean someBoth = false;
                for (String scope : scopes) {
                    boolean expected = p.implies(scope) && q.implies(scope);
                    someBoth |= expected;
                    assertEquals(expected, both != null && both.implies(scope), first + " and " + second + " on " + scope);
                }
                assertEquals(someBoth, both != null, first + " and " + second);
            }
        }
    }

    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""            | scope pattern is empty
            a::b          | has an empty segment
            a:            | has an empty segment
            :a            | has an empty segment
            a,            | has an empty alternative in segment 'a,'
            ",a"          | has an empty alternative
            a:b,,c        | has an empty alternative
            pay*          | mixes '*' with other characters in segment 'pay*'
            a:*b          | mixes '*' with other characters
            **            | mixes '*' with other characters
            a,*           | mixes '*' with other characters in segment 'a,*'
            "a b"         | contains whitespace
            "a:b\\t"      | contains whitespace
            "a\\u00a0b"   | contains whitespace
            "a\\u0007b"   | 'a\\u0007b' contains whitespace or a control character
            "a\\u2028b"   | 'a\\u2028b' contains whitespace or a control character
            """)
    void problemWith_invalidPattern_saysWhy(String pattern, String fragment) {
        String problem = ScopePattern.problemWith(unescape(pattern));
        assertNotNull(problem, pattern);
        assertTrue(problem.contains(fragment), problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "*", "a:b", "a,b:*:c", "payments:refund,capture", "x-y_z.w/1:ü"})
    void problemWith_validPattern_isNull(String pattern) {
        assertNull(ScopePattern.problemWith(pattern));
    }

    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "-", textBlock = """
            payments:refund       | -
            a                     | -
            a:b:c.d-e_f/g         | -
            ""                    | scope is empty
            a::b                  | has an empty segment
            a:                    | has an empty segment
            :a                    | has an empty segment
            payments:*            | contains '*'
            "a,b"                 | contains ','
            "a b"                 | contains whitespace
            "a\\tb"               | 'a\\tb' contains whitespace
            "a\\u0000b"           | contains whitespace or a control character
            """)
    void checkActionScope_table(String scope, String fragment) {
        String problem = Policy.checkActionScope(unescape(scope));
        if (fragment == null) {
            assertNull(problem);
        } else {
            assertNotNull(problem, scope);
            assertTrue(problem.contains(fragment), problem);
        }
    }

    @Test
    void checkActionScope_null_saysNoScope() {
        assertEquals("no scope given", Policy.checkActionScope(null));
    }

    /** Reads the tables' backslash escapes (t, and u followed by four hex digits); CsvSource takes cells literally. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (text.startsWith("\\t", i)) {
                out.append('\t');
                i++;
            } else if (text.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(text.charAt(i));
            }
        }
        return out.toString();
    }
}

package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The resources several globs all match: exact emptiness, and examples that every glob matches. */
class GlobIntersectionTest {

    @ParameterizedTest(name = "{0} and {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            sku/**          | sku/eu/*        | sku/eu/x
            sku/eu/*        | sku/**          | sku/eu/x
            order/EU-*      | order/US-*      | -
            order/EU-*      | order/EU-1      | order/EU-1
            order/*         | */EU-*          | order/EU-x
            *-*             | EU-*            | EU-x
            **              | **              | x
            *               | *               | x
            **              | a/b             | a/b
            *               | a/b             | -
            *               | **              | x
            */*             | *               | -
            a/**/z          | a/*/z           | a/x/z
            a/**            | **/z            | a/z
            **/x            | x               | -
            x*              | *x              | xx
            a*b             | a*c             | -
            sku/*           | sku/*/x         | -
            a/*             | a/              | a/
            a/**            | a/              | a/
            a/b             | a/b             | a/b
            a/b             | a/c             | -
            a/b             | A/b             | -
            *a*a*a*b        | *b*a            | -
            **/eu/**        | sku/*/*         | sku/eu/x
            x/**            | */y             | x/y
            xyz*            | *abc            | xyzabc
            """)
    void example_ofTwo_table(String first, String second, String expected) {
        String example = GlobIntersection.example(List.of(glob(first), glob(second)));
        assertEquals(expected, example);
        if (example != null) {
            assertTrue(glob(first).matches(example), first + " must match " + example);
            assertTrue(glob(second).matches(example), second + " must match " + example);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            sku/**;*/eu/*;**/*-*        | sku/eu/x-x
            sku/**;*/eu/*;*/us/*        | -
            order/EU-*                  | order/EU-x
            **                          | x
            a/*;a/*;a/*                 | a/x
            """)
    void example_ofMany_table(String globs, String expected) {
        List<ResourceGlob> compiled = Stream.of(globs.split(";")).map(GlobIntersectionTest::glob).toList();
        String example = GlobIntersection.example(compiled);
        assertEquals(expected, example);
        if (example != null) {
            compiled.forEach(glob -> assertTrue(glob.matches(example)));
        }
    }

    @Test
    void example_ofNone_isAnyResource() {
        assertEquals("x", GlobIntersection.example(List.of()));
    }

    @Test
    void example_whenEveryUsualStandInIsNamed_picksAnother() {
        String named = "*xyzabcdefghijklmnopqrstuvw0123456789";
        String example = GlobIntersection.example(List.of(glob(named), glob("*")));
        assertNotNull(example);
        assertTrue(glob(named).matches(example), example);
    }

    /**
     * Against every string up to the longest a shortest example can need: a shortest string both
     * globs match needs no character that stars of both match, so it is no longer than the two globs.
     */
    @Test
    void example_agreesWithExhaustiveSearch() {
        Random random = new Random(7);
        List<String> strings = GlobSamples.strings("ab/x", 6);
        for (int i = 0; i < 400; i++) {
            ResourceGlob first = glob(GlobSamples.randomGlob(random));
            ResourceGlob second = glob(GlobSamples.randomGlob(random));
            String example = GlobIntersection.example(List.of(first, second));
            String found = strings.stream().filter(s -> first.matches(s) && second.matches(s)).findFirst().orElse(null);
            String what = render(first) + " and " + render(second) + ": " + example + " / " + found;
            assertEquals(found == null, example == null, what);
            if (example != null) {
                assertTrue(first.matches(example) && second.matches(example), what);
            }
        }
    }

    @Test
    void example_ofLongGlobs_finishesQuickly() {
        ResourceGlob first = glob("*a".repeat(30) + "*b");
        ResourceGlob second = glob("*b".repeat(30) + "*a");
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertNull(GlobIntersection.example(List.of(first, second))));
    }

    private static ResourceGlob glob(String glob) {
        assertNull(ResourceGlob.problemWith(glob), glob);
        return ResourceGlob.compile(glob);
    }

    private static String render(ResourceGlob glob) {
        StringBuilder text = new StringBuilder();
        for (int element : glob.elements()) {
            text.append(element == ResourceGlob.STAR ? "*" : element == ResourceGlob.DOUBLE_STAR ? "**" : String.valueOf((char) element));
        }
        return text.toString();
    }

}

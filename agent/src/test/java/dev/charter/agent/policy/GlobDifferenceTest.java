package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The resources some globs all match and several others do not: exact emptiness, and examples that hold. */
class GlobDifferenceTest {

    /** Globs of one conjunction are separated by {@code ;}, conjunctions outside by {@code |}. */
    @ParameterizedTest(name = "{0} outside {1}: {2}")
    @CsvSource(delimiter = '#', nullValues = "-", textBlock = """
            order/**        # order/EU-*                 # order/x
            order/EU-*      # order/**                   # -
            order/*         # order/EU-*|order/US-*      # order/x
            order/*-1       # order/EU-*|order/US-*      # order/x-1
            order/EU-*      # order/EU-*|order/US-*      # -
            order/**        # order/*                    # order//
            order/**        # order/*;*/EU-*             # order/x
            order/EU-*      # order/*;*/EU-*             # -
            a*              # a|a*b                      # ax
            a/**            # a/**                       # -
            **              # -                          # x
            -               # x                          # y
            -               # **                         # -
            -               # *|*/**                     # -
            -               # *;a*                       # x
            sku/**          # **/*                       # -
            """)
    void example_table(String within, String outside, String expected) {
        List<ResourceGlob> inside = conjunction(within);
        List<List<ResourceGlob>> excluded = outside == null ? List.of()
                : Stream.of(outside.split("\\|")).map(GlobDifferenceTest::conjunction).toList();
        String example = GlobDifference.example(inside, excluded);
        assertEquals(expected, example);
        if (example != null) {
            assertHolds(inside, excluded, example);
        }
    }

    @Test
    void example_withAnEmptyConjunctionOutside_isNone() {
        assertNull(GlobDifference.example(List.of(glob("a/*")), List.of(List.of())));
    }

    /**
     * Against every string up to length 6: globs of up to three elements that leave some string
     * outside leave a short one, so exhaustive search and the automaton agree on whether there is one.
     */
    @Test
    void example_agreesWithExhaustiveSearch() {
        Random random = new Random(11);
        List<String> strings = GlobSamples.strings("ab/x", 6);
        for (int i = 0; i < 400; i++) {
            List<ResourceGlob> inside = random.nextInt(4) == 0 ? List.of() : List.of(glob(GlobSamples.randomGlob(random)));
            List<List<ResourceGlob>> outside = new ArrayList<>();
            for (int n = random.nextInt(3) + 1; n > 0; n--) {
                outside.add(random.nextInt(3) == 0 ? List.of(glob(GlobSamples.randomGlob(random)), glob(GlobSamples.randomGlob(random)))
                        : List.of(glob(GlobSamples.randomGlob(random))));
            }
            String example = GlobDifference.example(inside, outside);
            String found = strings.stream().filter(s -> holds(inside, outside, s)).findFirst().orElse(null);
            String what = inside + " outside " + outside + ": " + example + " / " + found;
            assertEquals(found == null, example == null, what);
            if (example != null) {
                assertHolds(inside, outside, example);
            }
        }
    }

    private static void assertHolds(List<ResourceGlob> inside, List<List<ResourceGlob>> outside, String example) {
        assertTrue(holds(inside, outside, example), example + " within " + inside + " outside " + outside);
    }

    private static boolean holds(List<ResourceGlob> inside, List<List<ResourceGlob>> outside, String resource) {
        return inside.stream().allMatch(glob -> glob.matches(resource))
                && outside.stream().allMatch(globs -> !globs.stream().allMatch(glob -> glob.matches(resource)));
    }

    private static List<ResourceGlob> conjunction(String globs) {
        return globs == null ? List.of() : Stream.of(globs.split(";")).map(GlobDifferenceTest::glob).toList();
    }

    private static ResourceGlob glob(String glob) {
        assertNull(ResourceGlob.problemWith(glob), glob);
        return ResourceGlob.compile(glob);
    }

}

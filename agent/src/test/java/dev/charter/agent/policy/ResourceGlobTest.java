package dev.charter.agent.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceGlobTest {

    @ParameterizedTest(name = "{0} matches ''{1}'': {2}")
    @CsvSource(delimiter = '|', textBlock = """
            order/EU-*     | order/EU-1       | true
            order/EU-*     | order/EU-        | true
            order/EU-*     | order/EU-1/x     | false
            order/EU-*     | order/US-1       | false
            order/EU-*     | xorder/EU-1      | false
            order/EU-1     | order/EU-1       | true
            order/EU-1     | order/EU-12      | false
            order/EU-1     | order/eu-1       | false
            sku/**         | sku/a/b          | true
            sku/**         | sku/a            | true
            sku/**         | sku/             | true
            sku/**         | sku              | false
            sku/**         | skus/a           | false
            **             | a/b/c            | true
            **             | ''               | true
            *              | abc              | true
            *              | a/b              | false
            *              | ''               | true
            */x            | a/x              | true
            */x            | a/b/x            | false
            **/x           | a/b/x            | true
            **/x           | x                | false
            a/**/z         | a/z              | false
            a/**/z         | a//z             | true
            a/**/z         | a/b/c/z          | true
            a*b*c          | aXbYc            | true
            a*b*c          | abc              | true
            a*b*c          | aXbY/c           | false
            a**c           | aX/Yc            | true
            *-*            | EU-1             | true
            *-*            | EU1              | false
            order/?        | order/?          | true
            order/?        | order/1          | false
            order/[a]      | order/[a]        | true
            order/.*       | order/.x         | true
            order/.*       | order/xx         | false
            """)
    void matches_table(String glob, String resource, boolean expected) {
        assertNull(ResourceGlob.problemWith(glob));
        assertEquals(expected, ResourceGlob.compile(glob).matches(resource));
    }

    @ParameterizedTest(name = "''{0}'': {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''        | resource glob is empty
            ***       | contains '***'
            a/***/b   | contains '***'
            a****     | contains '***'
            """)
    void problemWith_invalidGlob_saysWhy(String glob, String fragment) {
        String problem = ResourceGlob.problemWith(glob);
        assertNotNull(problem);
        assertTrue(problem.contains(fragment), problem);
    }

    @Test
    void matches_manyStarsOnLongResource_takesLinearTime() {
        ResourceGlob glob = ResourceGlob.compile("*a*a*a*a*a*a*a*a*a*a*b");
        String resource = "a".repeat(20_000);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertFalse(glob.matches(resource)));
    }
}

package dev.charter.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/** The byte-level prefilter: it may only ever pass over class files that cannot need rewriting. */
class ScopedTypesTest {

    private static final String FIXTURES = "dev.charter.fixture.";
    private final ClassLoader loader = getClass().getClassLoader();
    private final ScopedTypes scopedTypes = new ScopedTypes(new Targets(List.of()));

    private static byte[] classFile(String simpleName) {
        return RewritingLoader.classFile(FIXTURES + simpleName);
    }

    private TypeDescription describe(String simpleName) {
        return TypePool.Default.of(ClassFileLocator.ForClassLoader.of(loader)).describe(FIXTURES + simpleName).resolve();
    }

    @Test
    void supertypes_readFromTheHeader_pastEightByteConstants() {
        assertEquals(List.of("dev/charter/fixture/BaseShop", "java/io/Serializable", "java/lang/Comparable"),
                ClassHeader.supertypes(classFile("Constants")));
        assertEquals(List.of("java/lang/Object", "dev/charter/fixture/Tool"), ClassHeader.supertypes(classFile("OrderTool")));
    }

    @Test
    void supertypes_ofMalformedBytes_isNull() {
        assertNull(ClassHeader.supertypes(new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 0, 0, 0, 0, 61, 0, 9, 99}));
    }

    @Test
    void mayHaveScoped_annotatedClass() {
        assertTrue(scopedTypes.mayHaveScoped(loader, null, classFile("Refunds")));
    }

    @Test
    void mayHaveScoped_onlyJdkSupertypesAndNoAnnotation_isPassedOver() {
        assertFalse(scopedTypes.mayHaveScoped(loader, null, classFile("Counter")));
    }

    @Test
    void mayHaveScoped_unknownApplicationSupertype_isLookedAtUntilKnown() {
        assertTrue(scopedTypes.mayHaveScoped(loader, null, classFile("Shop")), "BaseShop is not known yet");
        assertTrue(scopedTypes.matches(describe("Shop"), loader));
        assertTrue(scopedTypes.mayHaveScoped(loader, null, classFile("Shop")), "BaseShop is known to be scoped");
    }

    @Test
    void mayHaveScoped_supertypeKnownUnscoped_isPassedOver() {
        assertTrue(scopedTypes.mayHaveScoped(loader, null, classFile("PlainChild")), "Plain is not known yet");
        assertFalse(scopedTypes.matches(describe("PlainChild"), loader));
        assertFalse(scopedTypes.mayHaveScoped(loader, null, classFile("PlainChild")), "Plain is known to have none");
        assertTrue(scopedTypes.matches(describe("Constants"), loader), "inherits BaseShop.close");
    }
}

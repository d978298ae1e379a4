package dev.charter.agent.instrument;

import java.lang.instrument.IllegalClassFormatException;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Passes over class files before Byte Buddy parses them: those that already call the gate, so that
 * no method is ever checked twice, and those that cannot have scoped methods ({@link ScopedTypes}).
 */
final class SkipRewritten extends ResettableClassFileTransformer.WithDelegation {

    private static final byte[] GATE = "dev/charter/Gate".getBytes(StandardCharsets.US_ASCII);

    private final ScopedTypes scopedTypes;

    SkipRewritten(ResettableClassFileTransformer rewriter, ScopedTypes scopedTypes) {
        super(rewriter);
        this.scopedTypes = scopedTypes;
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
            byte[] classFile) throws IllegalClassFormatException {
        return skip(loader, name, classFile) ? null : classFileTransformer.transform(loader, name, redefined, domain, classFile);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
            ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
        return skip(loader, name, classFile) ? null
                : classFileTransformer.transform(module, loader, name, redefined, domain, classFile);
    }

    private boolean skip(ClassLoader loader, String name, byte[] classFile) {
        return callsGate(classFile) || !scopedTypes.mayHaveScoped(loader, name, classFile);
    }

    /** Whether the constant pool names the gate. */
    static boolean callsGate(byte[] classFile) {
        return Bytes.contains(classFile, GATE);
    }
}

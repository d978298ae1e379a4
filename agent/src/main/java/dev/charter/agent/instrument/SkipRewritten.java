package dev.charter.agent.instrument;

import java.lang.instrument.IllegalClassFormatException;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * Passes over class files that already call the gate, so that no method is ever checked twice,
 * whatever hands us bytes we rewrote before.
 */
final class SkipRewritten extends ResettableClassFileTransformer.WithDelegation {

    private static final byte[] GATE = "dev/charter/Gate".getBytes(StandardCharsets.US_ASCII);

    SkipRewritten(ResettableClassFileTransformer rewriter) {
        super(rewriter);
    }

    @Override
    public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
            byte[] classFile) throws IllegalClassFormatException {
        return callsGate(classFile) ? null : classFileTransformer.transform(loader, name, redefined, domain, classFile);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
            ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
        return callsGate(classFile) ? null
                : classFileTransformer.transform(module, loader, name, redefined, domain, classFile);
    }

    /** Whether the constant pool names the gate: a byte search, much cheaper than parsing. */
    static boolean callsGate(byte[] classFile) {
        outer:
        for (int i = 0, last = classFile.length - GATE.length; i <= last; i++) {
            for (int j = 0; j < GATE.length; j++) {
                if (classFile[i + j] != GATE[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

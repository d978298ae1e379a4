package dev.charter.agent.instrument;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads just enough of a class file to name it, its superclass and interfaces, without parsing the rest. */
final class ClassHeader {

    /** A class's name, its superclass ({@code null} for {@code java.lang.Object}) and its interfaces, all internal names. */
    record Header(String name, String superName, List<String> interfaces) {
    }

    private ClassHeader() {
    }

    /** The header of {@code classFile}, or {@code null} for a malformed file. */
    static Header read(byte[] classFile) {
        try {
            int count = u2(classFile, 8);
            int[] offsets = new int[count];
            int at = 10;
            for (int index = 1; index < count; index++) {
                offsets[index] = at;
                int tag = classFile[at] & 0xFF;
                at += switch (tag) {
                    case 1 -> 3 + u2(classFile, at + 1);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> 5;
                    case 5, 6 -> 9;
                    case 7, 8, 16, 19, 20 -> 3;
                    case 15 -> 4;
                    default -> throw new IllegalArgumentException("constant pool tag " + tag);
                };
                if (tag == 5 || tag == 6) {
                    index++; // eight-byte constants take two slots
                }
            }
            String name = className(classFile, offsets, u2(classFile, at + 2));
            int superClass = u2(classFile, at + 4);
            String superName = superClass == 0 ? null : className(classFile, offsets, superClass);
            int count2 = u2(classFile, at + 6);
            List<String> interfaces = new ArrayList<>(count2);
            for (int i = 0; i < count2; i++) {
                interfaces.add(className(classFile, offsets, u2(classFile, at + 8 + 2 * i)));
            }
            return new Header(name, superName, List.copyOf(interfaces));
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    private static String className(byte[] classFile, int[] offsets, int classIndex) {
        int utf8 = offsets[u2(classFile, offsets[classIndex] + 1)];
        return new String(classFile, utf8 + 3, u2(classFile, utf8 + 1), StandardCharsets.UTF_8);
    }

    private static int u2(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
    }
}

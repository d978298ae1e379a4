package dev.charter.agent.instrument;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads just enough of a class file to name its superclass and interfaces, without parsing the rest. */
final class ClassHeader {

    private ClassHeader() {
    }

    /** The internal names of the superclass (if any) and the interfaces, or {@code null} for a malformed file. */
    static List<String> supertypes(byte[] classFile) {
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
            List<String> names = new ArrayList<>();
            int superClass = u2(classFile, at + 4);
            if (superClass != 0) {
                names.add(className(classFile, offsets, superClass));
            }
            int interfaces = u2(classFile, at + 6);
            for (int i = 0; i < interfaces; i++) {
                names.add(className(classFile, offsets, u2(classFile, at + 8 + 2 * i)));
            }
            return names;
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

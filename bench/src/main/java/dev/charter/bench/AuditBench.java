package dev.charter.bench;

import dev.charter.agent.audit.AuditFile;
import dev.charter.agent.audit.AuditRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where a refusal's time goes ({@link CharterBench#denied}): the audit file writing one refusal's
 * record, beside one bare {@code write} of the same bytes to a file opened for appending, which is
 * what any log that has a record in the file before the call returns pays the kernel.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class AuditBench {

    private Path auditPath;
    private Path rawPath;
    private AuditFile audit;
    private FileChannel raw;
    private ByteBuffer line;

    @Setup(Level.Trial)
    public void open() throws IOException {
        String beside = System.getProperty("charter.bench.audit");
        if (beside == null) {
            throw new IllegalStateException("no audit file: start the bench through dev.charter.bench.Bench");
        }
        auditPath = Path.of(beside).resolveSibling("audit-bench.jsonl");
        rawPath = Path.of(beside).resolveSibling("raw-bench.jsonl");
        audit = AuditFile.open(auditPath);
        raw = FileChannel.open(rawPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        line = ByteBuffer.wrap((refusal().toJson() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The record {@link CharterBench#denied} writes, made now. */
    private static AuditRecord refusal() {
        return new AuditRecord(Instant.now(), "user:alice", List.of(), "catalog:price:write", null, null, "deny",
                "scope not granted", null, "dev.charter.bench.Targets$Catalog#setPrice(long)", "main", true);
    }

    /** Empties both files after each iteration, so that the disk does not fill. */
    @TearDown(Level.Iteration)
    public void empty() throws IOException {
        for (Path file : List.of(auditPath, rawPath)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        raw.close();
    }

    /** One refusal's record: made, written as JSON, and in the file when this returns. */
    @Benchmark
    public boolean record() {
        return audit.decision(refusal());
    }

    /** The same bytes, one write to a file opened for appending: the kernel's share. */
    @Benchmark
    public int rawWrite() throws IOException {
        return raw.write(line.clear());
    }
}

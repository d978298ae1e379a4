#!/bin/bash
# The CPU time a hello-world JVM takes without an agent, with JaCoCo's runtime agent and with
# Charter's, started alternately RUNS times each; prints the median user+system CPU ms of each.
# usage: bench/hello-cpu.sh [JAVA] [RUNS]   (after 'mvn -B -q -pl bench -am package -DskipTests')
set -euo pipefail
JAVA=${1:-java}
RUNS=${2:-11}
CHARTER=$(cd "$(dirname "$0")" && pwd)/target/charter-agent.jar
JACOCO_VERSION=0.8.15
JACOCO=$HOME/.m2/repository/org/jacoco/org.jacoco.agent/$JACOCO_VERSION/org.jacoco.agent-$JACOCO_VERSION-runtime.jar
[ -f "$JACOCO" ] || mvn -B -q dependency:get -Dartifact=org.jacoco:org.jacoco.agent:$JACOCO_VERSION:jar:runtime
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$DIR/Hello.java"
printf 'version: 1\nidentities:\n  user:alice:\n    grants:\n      - scope: "payments:*"\n' > "$DIR/charter.yaml"
javac -d "$DIR" "$DIR/Hello.java"
run() { # variant, agent option...
    local variant=$1; shift
    /usr/bin/time -f "$variant %U %S" -a -o "$DIR/times" "$JAVA" "$@" -cp "$DIR" Hello > /dev/null 2> "$DIR/$variant.err"
}
for _ in $(seq "$RUNS"); do
    run none
    run jacoco "-javaagent:$JACOCO=destfile=$DIR/jacoco.exec"
    run charter "-javaagent:$CHARTER=policy=$DIR/charter.yaml"
done
for variant in none jacoco charter; do
    grep "^$variant " "$DIR/times" | awk '{ print ($2 + $3) * 1000 }' | sort -n \
        | awk -v v="$variant" '{ c[NR] = $1 } END { printf "%-8s median CPU %5.0f ms (%d runs)\n", v, c[int((NR + 1) / 2)], NR }'
done
echo "charter's stderr: $(cat "$DIR/charter.err")"

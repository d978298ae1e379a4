#!/bin/sh
# The refund desk calls the payments service, another JVM, over HTTP; the payments service's own
# policy decides. Run from the repository root after: mvn -B -q package -DskipTests
set -e
AGENT=agent/target/charter-agent-0.1.0-SNAPSHOT.jar
APP=sample-app/target/charter-sample-app-0.1.0-SNAPSHOT.jar
WORK=sample-app/target/passports
rm -rf "$WORK" && mkdir -p "$WORK"

# the desk's signing key, and the payments service's policy trusting it
java -jar "$AGENT" keygen svc:shop --out "$WORK/svc-shop.key" 2>/dev/null > "$WORK/trust.line"
{ cat sample-app/payments.yaml; printf '    %s\n' "$(cat "$WORK/trust.line")"; } > "$WORK/payments.yaml"

java -javaagent:"$AGENT"=policy="$WORK/payments.yaml",audience=svc:payments,audit="$WORK/payments-audit.jsonl" \
    -cp "$APP" dev.charter.sample.payments.PaymentsService "$WORK/port" &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null' EXIT
while [ ! -s "$WORK/port" ]; do sleep 0.2; done

java -javaagent:"$AGENT"=policy=sample-app/desk.yaml,issuer=svc:shop,signing-key="$WORK/svc-shop.key" \
    -cp "$APP" dev.charter.sample.payments.RefundDesk "http://localhost:$(cat "$WORK/port")"

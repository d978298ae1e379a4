package dev.charter.agent.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** One recorded decision, in a Flight Recorder recording; the thread and time are the event's own. */
@Name("dev.charter.Decision")
@Label("Charter Decision")
@Category("Charter")
@Description("A decision the Charter agent recorded: every refusal and deferral, and allowed calls when the agent"
        + " runs with audit-allows=true")
final class DecisionEvent extends Event {

    @Label("Identity")
    @Description("The identity that asked; null when none was bound")
    String identity;

    @Label("Chain")
    @Description("The identity's principals, nearest first, joined by ' -> '")
    String chain;

    @Label("Scope")
    String scope;

    @Label("Resource")
    @Description("The resource acted on; null when the action names none")
    String resource;

    @Label("Spend")
    @Description("The amount asked for, exactly as given; null when the action spends nothing")
    String spend;

    @Label("Decision")
    @Description("allow, deny, defer-approved or defer-denied")
    String decision;

    @Label("Reason")
    String reason;

    @Label("Rule")
    @Description("The deciding policy line, file:line; null when no rule decided")
    String rule;

    @Label("Method")
    @Description("The rewritten method, as com.acme.Refunds#refund(java.lang.String,long)")
    String method;
}

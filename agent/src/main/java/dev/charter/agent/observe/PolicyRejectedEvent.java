package dev.charter.agent.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A changed policy refused; the policy in force stays in force. */
@Name("dev.charter.PolicyRejected")
@Label("Charter Policy Rejected")
@Category("Charter")
@Description("A changed Charter policy was refused; the policy in force stays in force")
final class PolicyRejectedEvent extends Event {

    @Label("File")
    String file;

    @Label("Problem")
    @Description("Why, with file:line:column")
    String problem;
}

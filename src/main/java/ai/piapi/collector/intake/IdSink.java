package ai.piapi.collector.intake;

/** Where a parser puts what it reads, one item at a time: a valid task ID, or a refused input with its reason. */
public interface IdSink {
    void acceptId(String taskId);

    void refuse(InboxParser.Refused refused);
}

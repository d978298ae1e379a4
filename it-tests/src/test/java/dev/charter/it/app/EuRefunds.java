package dev.charter.it.app;

public class EuRefunds implements RefundTool {

    @Override
    public String refund(String order) {
        return "eu " + order;
    }
}

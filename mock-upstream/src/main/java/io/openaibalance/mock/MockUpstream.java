package io.openaibalance.mock;

public final class MockUpstream {
}

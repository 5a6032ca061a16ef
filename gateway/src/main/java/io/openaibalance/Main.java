package io.openaibalance;

public final class Main {
  public static void main(String[] args) {
  }
}

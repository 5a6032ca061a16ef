package io.openaibalance.admin;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one asynchronous task per item with at most {@code parallel} in flight, so checking
 * hundreds of keys or proxies never opens hundreds of connections at once. Results keep the
 * items' order; a failed task fails the batch.
 */
final class BoundedBatch {
  private BoundedBatch() {}

  static <T, R> Future<List<R>> run(List<T> items, int parallel, Function<T, Future<R>> task) {
    if (items.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<R> results = new ArrayList<>(Collections.nCopies(items.size(), null));
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    Promise<List<R>> all = Promise.promise();
    for (int lane = 0; lane < Math.min(parallel, items.size()); lane++) {
      startNext(items, task, results, next, done, all);
    }
    return all.future();
  }

  private static <T, R> void startNext(List<T> items, Function<T, Future<R>> task,
      List<R> results, AtomicInteger next, AtomicInteger done, Promise<List<R>> all) {
    int index = next.getAndIncrement();
    if (index >= items.size()) {
      return;
    }
    task.apply(items.get(index)).onComplete(outcome -> {
      if (outcome.failed()) {
        all.tryFail(outcome.cause());
        return;
      }
      synchronized (results) {
        results.set(index, outcome.result());
      }
      if (done.incrementAndGet() == items.size()) {
        synchronized (results) {
          all.tryComplete(List.copyOf(results));
        }
      } else {
        startNext(items, task, results, next, done, all);
      }
    });
  }
}

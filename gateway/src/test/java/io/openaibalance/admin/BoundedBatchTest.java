package io.openaibalance.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BoundedBatchTest {
  @Test
  void neverRunsMoreThanTheBoundAtOnceAndKeepsTheItemsOrder() {
    AtomicInteger mostAtOnce = new AtomicInteger();
    Map<Integer, Promise<Integer>> running = new LinkedHashMap<>();
    Future<List<Integer>> all = BoundedBatch.run(IntStream.range(0, 20).boxed().toList(), 3,
        item -> {
          Promise<Integer> promise = Promise.promise();
          running.put(item, promise);
          mostAtOnce.accumulateAndGet(running.size(), Math::max);
          return promise.future();
        });

    // Finish the most recently started task first, so results arrive out of the items' order.
    while (!running.isEmpty()) {
      int newest = new ArrayList<>(running.keySet()).get(running.size() - 1);
      running.remove(newest).complete(newest * 10);
    }

    assertThat(mostAtOnce.get()).isEqualTo(3);
    assertThat(all.result()).isEqualTo(IntStream.range(0, 20).map(i -> i * 10).boxed().toList());
  }

  @Test
  void anEmptyBatchIsDoneAtOnceAndAFailureFailsIt() {
    assertThat(BoundedBatch.run(List.<Integer>of(), 4, Future::succeededFuture).result())
        .isEmpty();
    Future<List<Object>> failed = BoundedBatch.run(List.of(1, 2, 3), 2,
        item -> item == 2 ? Future.failedFuture(new IllegalStateException("boom"))
            : Future.succeededFuture(item));
    assertThat(failed.failed()).isTrue();
    assertThat(failed.cause()).hasMessage("boom");
  }
}

package io.openaibalance.cluster;

import io.openaibalance.keys.KeyHealth;
import io.openaibalance.keys.KeyStateSink;
import io.openaibalance.keys.KeyStates;
import io.openaibalance.keys.PooledKey;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares key health between the instances of a cluster, behind the request path.
 *
 * <p>A local transition (a 429, a 401, a success after failures, an admin's enable) is applied to
 * the local {@link PooledKey} first, as in single mode, so the request that caused it never waits.
 * Then, asynchronously, it goes to Redis as an operation ({@link KeyChange}): one Lua script
 * applies it to the key's agreed health in one hash (counting failures across instances, with
 * {@code MAX_FAILURES} judged on the shared count), bumps the version and publishes the result.
 * The answer is adopted locally (so a third failure counted elsewhere disables the key here too),
 * and every other instance adopts the published result. An instance ignores its own messages.
 *
 * <p>When Redis is away, changes stay local and their keys are remembered; on reconnection they
 * are put to Redis (this instance's health is then the newest), keys the cluster has never seen
 * are seeded, and the whole hash is read and adopted: the instances converge.
 *
 * <p>The store's sink ({@code local}) still hears this instance's own transitions, and the
 * adoptions that answer them, so the database and the key history see each change once.
 */
public final class SharedKeyState implements KeyStateSink {
  private static final Logger LOG = LoggerFactory.getLogger(SharedKeyState.class);

  /**
   * KEYS[1] the state hash; ARGV: channel, slot, origin, op, number, disabled, cooling, error,
   * error time. Returns the key's agreed health as JSON; publishes it unless nothing changed.
   */
  private static final String SCRIPT = """
      local raw = redis.call('HGET', KEYS[1], ARGV[2])
      local op = ARGV[4]
      if op == 'seed' and raw then return raw end
      local s
      if raw then s = cjson.decode(raw) else s = {f = 0, d = 0, c = 0, v = 0} end
      local number, cooling = tonumber(ARGV[5]), tonumber(ARGV[7])
      if op == 'fault' then
        s.f = s.f + 1
        if s.f >= number then s.d = 1 end
      elseif op == 'cool' then
        if cooling > s.c then s.c = cooling end
      elseif op == 'disable' then
        s.d = 1
      elseif op == 'reset' then
        s.f = 0
        s.d = 0
        if cooling < s.c then s.c = cooling end
      else
        s.f = number
        s.d = tonumber(ARGV[6])
        s.c = cooling
      end
      if ARGV[8] ~= '' then
        s.e = ARGV[8]
        s.t = tonumber(ARGV[9])
      end
      s.v = s.v + 1
      s.o = ARGV[3]
      local out = cjson.encode(s)
      redis.call('HSET', KEYS[1], ARGV[2], out)
      redis.call('PUBLISH', ARGV[1], ARGV[2] .. '\\n' .. out)
      return out
      """;

  private record Live(String provider, PooledKey key) {}

  private final KeyStateSink local;
  private final RedisLink link;
  private final ClusterNames names;
  private final String instance;
  private final ToIntFunction<String> maxFailures;
  private volatile Map<String, Live> live = Map.of();
  private final Map<String, SlotSync> slots = new ConcurrentHashMap<>();
  /** Keys changed here while their change could not reach Redis. */
  private final Set<String> unsent = ConcurrentHashMap.newKeySet();
  private final AtomicLong adopted = new AtomicLong();

  /**
   * @param local the store's sink, told of this instance's own changes
   * @param maxFailures a provider's {@code MAX_FAILURES}, by provider name
   */
  public SharedKeyState(KeyStateSink local, RedisLink link, ClusterNames names, String instance,
      ToIntFunction<String> maxFailures) {
    this.local = Objects.requireNonNull(local, "local");
    this.link = Objects.requireNonNull(link, "link");
    this.names = Objects.requireNonNull(names, "names");
    this.instance = Objects.requireNonNull(instance, "instance");
    this.maxFailures = Objects.requireNonNull(maxFailures, "maxFailures");
    link.subscribe(names.keyChanges(), this::heard);
    link.onConnected(this::resynchronise);
    link.whileConnected(this::retryUnsent);
  }

  @Override
  public void changed(String provider, PooledKey key, KeyHealth before, KeyHealth after) {
    local.changed(provider, key, before, after);
    KeyChange.between(before, after, maxFailures.applyAsInt(provider))
        .ifPresent(change -> publish(provider, key, change));
  }

  @Override
  public void live(Map<String, List<PooledKey>> keysByProvider) {
    local.live(keysByProvider);
    Map<String, Live> next = new HashMap<>();
    keysByProvider.forEach((provider, keys) -> keys.forEach(key ->
        next.put(KeyStates.slot(provider, key.id()), new Live(provider, key))));
    Map<String, Live> previous = live;
    live = Map.copyOf(next);
    // A key that joined here (an admin added it on another instance) may already have a history.
    List<String> joined = next.keySet().stream().filter(slot -> !previous.containsKey(slot))
        .toList();
    if (!joined.isEmpty() && !previous.isEmpty() && link.connected()) {
      Request read = Request.cmd(Command.HMGET).arg(names.keyState());
      joined.forEach(read::arg);
      link.send(read).onSuccess(values -> {
        for (int i = 0; i < joined.size(); i++) {
          Response value = values.get(i);
          if (value != null) {
            apply(joined.get(i), SharedHealth.parse(value.toString()));
          }
        }
      });
    }
  }

  /** Peers' changes this instance adopted since start. */
  public long adoptedChanges() {
    return adopted.get();
  }

  /** Keys whose latest change here has not reached Redis yet. */
  public int unsentChanges() {
    return unsent.size();
  }

  private void publish(String provider, PooledKey key, KeyChange change) {
    String slot = KeyStates.slot(provider, key.id());
    if (!link.connected()) {
      unsent.add(slot);
      return;
    }
    SlotSync sync = sync(slot);
    sync.sent();
    link.send(script(slot, change)).onComplete(result -> {
      Optional<SharedHealth> answer = Optional.empty();
      if (result.succeeded() && result.result() != null) {
        answer = Optional.of(SharedHealth.parse(result.result().toString()));
      } else {
        unsent.add(slot);
      }
      sync.answered(key, answer).ifPresent(adoption -> {
        if (adoption.after().origin().equals(instance)) {
          // The shared count may have crossed MAX_FAILURES with this failure: record it here.
          local.changed(provider, key, adoption.before(), adoption.after().health());
        } else {
          adopted.incrementAndGet();
        }
      });
    });
  }

  /** Changes whose sending failed while the link was up (a timeout) go again, whole. */
  private void retryUnsent() {
    for (String slot : List.copyOf(unsent)) {
      Live target = live.get(slot);
      if (unsent.remove(slot) && target != null) {
        publish(target.provider(), target.key(),
            KeyChange.of(KeyChange.Op.PUT, target.key().health()));
      }
    }
  }

  /** A peer's change: {@code provider/keyId}, a newline, the agreed health as JSON. */
  private void heard(String message) {
    int newline = message.indexOf('\n');
    if (newline < 0) {
      return;
    }
    SharedHealth state = SharedHealth.parse(message.substring(newline + 1));
    if (state.origin().equals(instance)) {
      return;
    }
    apply(message.substring(0, newline), state);
  }

  private void apply(String slot, SharedHealth state) {
    Live target = live.get(slot);
    if (target != null && sync(slot).heard(target.key(), state).isPresent()) {
      adopted.incrementAndGet();
    }
  }

  /**
   * After a (re)connection: what changed here while Redis was away goes up, keys the cluster has
   * never seen are seeded with this instance's health, then everything agreed is adopted.
   */
  private void resynchronise() {
    slots.values().forEach(SlotSync::forget);
    List<Request> batch = new ArrayList<>();
    List<String> put = new ArrayList<>();
    for (Map.Entry<String, Live> entry : live.entrySet()) {
      KeyHealth health = entry.getValue().key().health();
      if (unsent.remove(entry.getKey())) {
        put.add(entry.getKey());
        batch.add(script(entry.getKey(), KeyChange.of(KeyChange.Op.PUT, health)));
      } else if (!health.equals(KeyHealth.FRESH)) {
        batch.add(script(entry.getKey(), KeyChange.of(KeyChange.Op.SEED, health)));
      }
    }
    batch.add(Request.cmd(Command.HGETALL).arg(names.keyState()));
    link.batch(batch).onComplete(result -> {
      if (result.failed()) {
        unsent.addAll(put);
        LOG.warn("Could not re-synchronise key state with Redis ({}); trying at the next"
            + " reconnection", result.cause().getClass().getSimpleName());
        return;
      }
      Response all = result.result().get(result.result().size() - 1);
      int applied = 0;
      for (Map.Entry<String, String> field : fields(all).entrySet()) {
        Live target = live.get(field.getKey());
        SharedHealth state = SharedHealth.parse(field.getValue());
        if (target != null && sync(field.getKey()).heard(target.key(), state).isPresent()
            && !state.origin().equals(instance)) {
          applied++;
        }
      }
      adopted.addAndGet(applied);
      LOG.info("Key state synchronised with the cluster: {} sent, {} taken from the others",
          put.size(), applied);
    });
  }

  /** A hash as RESP3 (a map) or RESP2 (field, value, field, value...) gives it. */
  private static Map<String, String> fields(Response hash) {
    Map<String, String> fields = new HashMap<>();
    if (hash == null) {
      return fields;
    }
    if (hash.isMap()) {
      for (String field : hash.getKeys()) {
        fields.put(field, hash.get(field).toString());
      }
    } else {
      for (int i = 0; i + 1 < hash.size(); i += 2) {
        fields.put(hash.get(i).toString(), hash.get(i + 1).toString());
      }
    }
    return fields;
  }

  private Request script(String slot, KeyChange change) {
    return Request.cmd(Command.EVAL).arg(SCRIPT).arg(1).arg(names.keyState())
        .arg(names.keyChanges()).arg(slot).arg(instance).arg(change.op().wire())
        .arg(change.number()).arg(change.disabled() ? 1 : 0).arg(change.cooling())
        .arg(change.error().orElse("")).arg(change.errorAt());
  }

  private SlotSync sync(String slot) {
    return slots.computeIfAbsent(slot, s -> new SlotSync());
  }
}

package org.byzspark.attack;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.byzspark.util.Params;

/** The registry of attacks by command-line name. */
public final class Attacks {
  private static final Map<String, Function<Params, Attack>> ATTACKS = attacks();

  private Attacks() {}

  private static Map<String, Function<Params, Attack>> attacks() {
    Map<String, Function<Params, Attack>> m = new LinkedHashMap<>();
    m.put(NoAttack.NAME, NoAttack::new);
    m.put(LittleAttack.NAME, LittleAttack::new);
    m.put(EmpireAttack.NAME, EmpireAttack::new);
    m.put(SignFlipAttack.NAME, SignFlipAttack::new);
    m.put(LabelFlipAttack.NAME, LabelFlipAttack::new);
    m.put(GaussianAttack.NAME, GaussianAttack::new);
    m.put(OmniscientAttack.NAME, OmniscientAttack::new);
    m.put(MimicAttack.NAME, MimicAttack::new);
    m.put(NanAttack.NAME, NanAttack::new);
    m.put(InfAttack.NAME, InfAttack::new);
    m.put(ZeroAttack.NAME, ZeroAttack::new);
    m.put(AdaptiveAttack.NAME, AdaptiveAttack::new);
    return Collections.unmodifiableMap(m);
  }

  public static List<String> names() {
    return new ArrayList<>(ATTACKS.keySet());
  }

  /** The attacks that forge from the Byzantine workers' own honest messages, in registry order. */
  public static List<String> needingOwn() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Function<Params, Attack>> e : ATTACKS.entrySet()) {
      if (e.getValue().apply(Params.empty()).needsOwn()) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** A fresh attack; fails on an unknown name or parameter with a one-line message. */
  public static Attack create(String name, Params params) {
    Function<Params, Attack> factory = ATTACKS.get(name);
    if (factory == null) {
      throw new IllegalArgumentException(
          "unknown attack '" + name + "'; allowed: " + String.join(", ", ATTACKS.keySet()));
    }
    return factory.apply(params);
  }
}

package io.usersync.directory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * RFC 2782's order of SRV targets: by priority, lowest first; within one priority a weighted random
 * pick, repeated over what is left, so that heavier servers come first more often and servers of
 * weight 0 seldom do. A target of "." means the service is not offered there and is left out.
 */
public final class SrvOrder {
    private SrvOrder() {}

    public static List<SrvTarget> order(List<SrvTarget> records, RandomGenerator random) {
        Map<Integer, List<SrvTarget>> byPriority = new LinkedHashMap<>();
        records.stream()
                .filter(r -> !r.target().isEmpty() && !r.target().equals("."))
                .sorted(Comparator.comparingInt(SrvTarget::priority))
                .forEach(r -> byPriority
                        .computeIfAbsent(r.priority(), p -> new ArrayList<>())
                        .add(r));
        List<SrvTarget> out = new ArrayList<>();
        for (List<SrvTarget> same : byPriority.values()) {
            // weight-0 records go first, as the RFC says: their running sum is 0, so they win only on a draw of 0
            List<SrvTarget> left = new ArrayList<>(same);
            left.sort(Comparator.comparingInt(SrvTarget::weight));
            while (!left.isEmpty()) {
                int total = left.stream().mapToInt(SrvTarget::weight).sum();
                int pick = total == 0 ? 0 : random.nextInt(total + 1);
                int running = 0;
                int chosen = left.size() - 1;
                for (int i = 0; i < left.size(); i++) {
                    running += left.get(i).weight();
                    if (running >= pick) {
                        chosen = i;
                        break;
                    }
                }
                out.add(left.remove(chosen));
            }
        }
        return out;
    }
}

#!/usr/bin/env python3
"""The scaling model of docs/distributed.md (a model, not a measurement): the step time of synchronous
SGD on Spark with Lamina's exchanges (parameters broadcast from the driver, gradients summed by
treeAggregate of depth 2, or by --spark-exchange sharded), and with BigDL's (no driver in the data path), for N machines of one device each, from constants measured on one machine
(benchmarks/spark-steps.sh) and assumed for the network and the scheduler.

    benchmarks/spark-model.py T_IMG_S C_S_PER_MB [PARAM_MB] [LINK_MB_PER_S]
"""
import math
import sys

t_img = float(sys.argv[1])          # seconds per training image on one device (measured)
c = float(sys.argv[2])              # seconds per MB (de)serialized and merged on the driver (measured)
p = float(sys.argv[3]) if len(sys.argv) > 3 else 44.7   # MB of parameters (ResNet-18, CIFAR: 11,183,562 floats)
link = float(sys.argv[4]) if len(sys.argv) > 4 else 1250.0  # MB/s into the driver (assumed: 10 Gb/s)
sched0, sched_per_task = 0.3, 0.005  # s per step for one job, s per task (assumed from the measured 0.25-0.55 s)

print("N,exchange_s,break_even_batch_per_worker,step_s_b32,images_per_s_b32,speedup_b32,"
      "bigdl_style_exchange_s,bigdl_style_speedup_b32,sharded_exchange_s,sharded_speedup_b32")
single = 32 * t_img
for n in (1, 2, 4, 8, 16, 32, 64):
    # Spark's treeAggregate(depth 2): an intermediate level (a shuffle) while it pays, then the driver
    scale = max(math.ceil(n ** 0.5), 2)
    parts, level = n, 0
    if parts > scale + math.ceil(parts / scale):
        level = math.ceil(parts / (parts // scale))  # parts each intermediate task receives
        parts = parts // scale
    # the critical path in units of P: the broadcast out of the driver, the intermediate level, the driver's parts
    path = 1 + level + parts
    exchange = sched0 + sched_per_task * n + p * path * (1 / link + c)
    step = 32 * t_img + exchange
    # an all-reduce over the block manager (BigDL's AllReduceParameter): each task sends and receives
    # about 2P whatever N, the driver none of it; same scheduler cost (for N = 1 nothing need move)
    allreduce = sched0 + sched_per_task * n + (2 * p * (1 - 1 / n)) * (1 / link + c)
    step_ar = 32 * t_img + allreduce
    # --spark-exchange sharded as built: BigDL's all-reduce among the tasks, but the driver broadcasts
    # the parameters and receives the N summed slices (P out, P in), and a step is two Spark jobs
    sharded = 2 * (sched0 + sched_per_task * n) + (2 * p + 2 * p * (1 - 1 / n)) * (1 / link + c)
    step_sh = 32 * t_img + sharded
    print(f"{n},{exchange:.2f},{exchange / t_img:.0f},{step:.2f},{n * 32 / step:.1f},{n * 32 / step / (32 / single):.1f},"
          f"{allreduce:.2f},{n * 32 / step_ar / (32 / single):.1f},{sharded:.2f},{n * 32 / step_sh / (32 / single):.1f}")

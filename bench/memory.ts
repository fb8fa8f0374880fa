/** Peak memory of this process while some work runs: sampled every few ms, plus the kernel's high-water mark. */
export interface MemoryPeak {
  /** RSS when sampling started (runtime, Prisma client and connection loaded). */
  rssStartMb: number;
  /** Highest RSS seen while sampling. */
  rssPeakMb: number;
  heapStartMb: number;
  heapPeakMb: number;
  /** process.resourceUsage().maxRSS: the whole process's peak, whatever the sampler missed. */
  maxRssMb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

export function sampleMemory(intervalMs = 5) {
  const start = process.memoryUsage();
  let rss = start.rss;
  let heap = start.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > rss) rss = m.rss;
    if (m.heapUsed > heap) heap = m.heapUsed;
  };
  const timer = setInterval(sample, intervalMs);
  return {
    sample,
    stop(): MemoryPeak {
      clearInterval(timer);
      sample();
      return {
        rssStartMb: mb(start.rss),
        rssPeakMb: mb(rss),
        heapStartMb: mb(start.heapUsed),
        heapPeakMb: mb(heap),
        maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
      };
    },
  };
}

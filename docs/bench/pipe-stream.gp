# Pipe streaming throughput against chunk size, median with p25-p75
# error bars; memcpy/2 (of 64 KiB copies, set by tests/bench with -e) is a
# pipe's ceiling.
# Data: pipe-stream.tsv (tests/bench writes it).
set terminal png size 900,600
set output 'pipe-stream.png'
set title "pipe streaming throughput against chunk size\n(QEMU TCG: compare the lines, not the numbers)" noenhanced
set logscale x 2
set xtics ('64' 64, '1K' 1024, '4K' 4096, '8K' 8192, '64K' 65536, '1M' 1048576)
set xlabel 'chunk size (bytes)'
set ylabel 'throughput (MB/s), higher is better'
set yrange [0:*]
set grid
set key top left noenhanced
plot 'pipe-stream.tsv' using 1:2:3:4 with yerrorlines title 'toy pipe', \
     '' using 1:5:6:7 with yerrorlines title 'pipe(2)', \
     '' using 1:8:9:10 with yerrorlines title 'toy FIFO', \
     '' using 1:11:12:13 with yerrorlines title 'mkfifo FIFO', \
     '' using 1:14:15:16 with yerrorlines title 'unix socket', \
     memcpy / 2 with lines dashtype 2 title 'memcpy of 64 KiB / 2'

# Message queue streaming rate against message size, median with p25-p75
# error bars.  Data: msg-stream.tsv (tests/bench writes it).
set terminal png size 900,600
set output 'msg-stream.png'
set title 'message queue streaming rate (QEMU TCG: compare the lines, not the numbers)'
set logscale x 2
set xtics ('64' 64, '100' 100, '1K' 1024, '4K' 4096, '8K' 8192, '64K' 65536, '1M' 1048576)
set xlabel 'message size (bytes)'
set ylabel 'messages/s'
set yrange [0:*]
set grid
set key top right noenhanced
plot 'msg-stream.tsv' using 1:2:3:4 with yerrorlines title 'toy msg', \
     '' using 1:5:6:7 with yerrorlines title 'SysV msg', \
     '' using 1:8:9:10 with yerrorlines title 'POSIX mq'

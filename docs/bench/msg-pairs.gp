# N sender-receiver pairs streaming 100 B messages at once, each on its own
# queue: messages per second of all pairs together, median with p25-p75
# error bars; left all 2N processes on CPU 0, right left to the scheduler.
# Data: msg-pairs.tsv (tests/bench writes it).
set terminal png size 1200,560
set output 'msg-pairs.png'
set multiplot layout 1,2 title 'concurrent pairs streaming 100 B messages (QEMU TCG, 2 vCPUs: compare the lines)'
set logscale x 2
set xrange [0.8:10]
set xtics ('1' 1, '2' 2, '4' 4, '8' 8)
set xlabel 'pairs streaming at once'
set ylabel 'messages per second, all pairs, higher is better'
set yrange [0:*]
set grid
set key top right noenhanced
set title 'all processes pinned to CPU 0'
plot 'msg-pairs.tsv' using 1:2:3:4 with yerrorlines title 'toy msg', \
     '' using 1:5:6:7 with yerrorlines title 'SysV msg'
set title 'spread by the scheduler over 2 vCPUs'
plot 'msg-pairs.tsv' using 1:8:9:10 with yerrorlines title 'toy msg', \
     '' using 1:11:12:13 with yerrorlines title 'SysV msg'
unset multiplot

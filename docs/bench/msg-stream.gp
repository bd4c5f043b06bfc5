# Message queue streaming rate against message size, median with p25-p75
# error bars.  Data: msg-stream.tsv (tests/bench writes it); POSIX mq has
# no point above 8 KiB (null: two queues of ten such messages would pass
# the default RLIMIT_MSGQUEUE).
set terminal png size 900,600
set output 'msg-stream.png'
set title "message queue streaming rate against message size\n(QEMU TCG: compare the lines, not the numbers)" noenhanced
set format y '%g'
set datafile missing 'null'
set logscale x 2
set xrange [48:90000]
set xtics ('64' 64, '100' 100, '1K' 1024, '4K' 4096, '8K' 8192, '16K' 16384, '64K' 65536)
set xlabel 'message size (bytes); 8160 and 8161 B are either side of one page of text'
set ylabel 'messages per second, higher is better'
set logscale y 10
set grid
set key top right noenhanced
plot 'msg-stream.tsv' using 1:2:3:4 with yerrorlines title 'toy msg', \
     '' using 1:5:6:7 with yerrorlines title 'SysV msg', \
     '' using 1:8:9:10 with yerrorlines title 'POSIX mq'

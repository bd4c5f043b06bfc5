# msgget() by key against the number of queues that have keys, median with
# p25-p75 error bars.  Data: msg-getkey.tsv (tests/bench writes it).
set terminal png size 900,600
set output 'msg-getkey.png'
set title "msgget by key: time per call against the number of queues\n(QEMU TCG: compare the lines, not the numbers)" noenhanced
set logscale x 10
set xrange [0.7:1500]
set xtics ('1' 1, '10' 10, '100' 100, '1000' 1000)
set xlabel 'queues with keys'
set ylabel 'time per msgget call (ns), lower is better'
set yrange [0:*]
set grid
set key top left noenhanced
plot 'msg-getkey.tsv' using 1:2:3:4 with yerrorlines title 'toy msgget', \
     '' using 1:5:6:7 with yerrorlines title 'SysV msgget'

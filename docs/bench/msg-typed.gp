# A send and a receive by type past DEPTH messages of other types, against
# DEPTH; median with p25-p75 error bars.  Data: msg-typed.tsv (tests/bench
# writes it).  Both walk the queue, so both should grow linearly.
set terminal png size 900,600
set output 'msg-typed.png'
set title "typed receive: time per send + receive against messages queued ahead\n(QEMU TCG: compare the lines, not the numbers)" noenhanced
set format y '%g'
set logscale xy 10
set xrange [0.7:15000]
set xtics ('1' 1, '10' 10, '100' 100, '1000' 1000, '10000' 10000)
set xlabel 'messages of other types queued ahead of the one received'
set ylabel 'time per send + typed receive (us), lower is better'
set grid
set key top left noenhanced
plot 'msg-typed.tsv' using 1:2:3:4 with yerrorlines title 'toy msg', \
     '' using 1:5:6:7 with yerrorlines title 'SysV msg'

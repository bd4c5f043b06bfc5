# Every toy/real ratio of the run, with the p25-p75 spread of the
# per-round ratios: times (lower is better) and rates (higher is better)
# on separate panels, so "better" points the same way within each.
# Data: ratios-lower.tsv, ratios-higher.tsv (tests/bench writes them).
set terminal png size 1600,1500
set output 'ratios.png'
set multiplot layout 2,1
set style fill solid 0.5
set boxwidth 0.6
set yrange [0:*]
set xtics rotate by -60 font ',8' noenhanced
set grid ytics
set key off
set lmargin 10
set rmargin 14
set bmargin 16
set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead dashtype 2
set title 'times (us, ns): toy time / real time, same run; below 1 the toy is faster, lower is better'
set ylabel 'toy / real (time)'
plot 'ratios-lower.tsv' using 1:3:xtic(2) with boxes, \
     '' using 1:3:4:5 with yerrorbars lc rgb 'black' pt 0
set title 'rates (MB/s, msg/s): toy rate / real rate, same run; above 1 the toy is faster, higher is better'
set ylabel 'toy / real (rate)'
plot 'ratios-higher.tsv' using 1:3:xtic(2) with boxes lc rgb 'dark-green', \
     '' using 1:3:4:5 with yerrorbars lc rgb 'black' pt 0
unset multiplot

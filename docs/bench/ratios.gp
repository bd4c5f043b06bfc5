# Every toy/real ratio of the run, with the p25-p75 spread of the
# per-round ratios.  Data: ratios.tsv (tests/bench writes it).
set terminal png size 1200,760
set output 'ratios.png'
set title 'toy / real, same run (below 1: toy faster for times, us and ns; above 1: toy faster for rates)'
set style fill solid 0.5
set boxwidth 0.6
set yrange [0:*]
set xtics rotate by -60 font ',8' noenhanced
set grid ytics
set key off
set bmargin 14
set rmargin 12
set arrow from graph 0, first 1 to graph 1, first 1 nohead dashtype 2
plot 'ratios.tsv' using 1:3:xtic(2) with boxes, \
     '' using 1:3:4:5 with yerrorbars lc rgb 'black' pt 0

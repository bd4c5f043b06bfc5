# shmat + shmdt of a segment (nothing touched) against its size, median
# with p25-p75 error bars; POSIX shm is mmap + munmap of a shm_open file.
# Data: shm-attach.tsv (tests/bench writes it).  Flat is the goal.
set terminal png size 900,600
set output 'shm-attach.png'
set title "shm attach + detach against segment size\n(QEMU TCG: compare the lines, not the numbers)" noenhanced
set logscale x 2
set xrange [3000:90000000]
set xtics ('4K' 4096, '64K' 65536, '1M' 1048576, '4M' 4194304, '16M' 16777216, '64M' 67108864)
set xlabel 'segment size (bytes), no page touched'
set ylabel 'time per attach + detach (us), lower is better'
set yrange [0:*]
set grid
set key top left noenhanced
plot 'shm-attach.tsv' using 1:2:3:4 with yerrorlines title 'toy shm', \
     '' using 1:5:6:7 with yerrorlines title 'SysV shm', \
     '' using 1:8:9:10 with yerrorlines title 'POSIX shm'

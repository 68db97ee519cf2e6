from shiftboard.startup import main

main()

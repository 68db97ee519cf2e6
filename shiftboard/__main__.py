from shiftboard.cli import main

main()

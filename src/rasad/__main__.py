from rasad.cli.app import main

main()

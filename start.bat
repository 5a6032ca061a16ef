@echo off
rem Runs OpenAI Balance: builds the jar if it is missing, then starts the server (reads .env here).
cd /d "%~dp0"
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java"
"%JAVA%" -version >nul 2>&1 || (echo OpenAI Balance needs a JDK 17 or newer: install one or set JAVA_HOME. & exit /b 1)
if not exist gateway\target\openai-balance.jar (
  echo Building gateway\target\openai-balance.jar ...
  call mvnw.cmd -B -q -DskipTests package || exit /b 1
)
if not defined JAVA_OPTS set "JAVA_OPTS=-XX:+UseSerialGC -Xms64m -Xmx512m -XX:+ExitOnOutOfMemoryError"
"%JAVA%" %JAVA_OPTS% -jar gateway\target\openai-balance.jar %*

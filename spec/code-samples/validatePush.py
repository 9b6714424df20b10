# Validate a push without sending it: the same checks as a push, nothing is delivered.
# Env: BASE_URL (default: the local reference server), APP_KEY, MASTER_SECRET.
import base64
import json
import os
import sys
import urllib.error
import urllib.request

base_url = os.environ.get("BASE_URL", "http://127.0.0.1:8080")
credentials = f"{os.environ.get('APP_KEY', '')}:{os.environ.get('MASTER_SECRET', '')}"
push = {
    "to": {"alias": ["alice", "bob"]},
    "body": {
        "platform": ["android", "ios"],
        "message": {"title": "Sync", "msg_content": "refresh"},
        "options": {"time_to_live": 3600},
    },
}

request = urllib.request.Request(
    f"{base_url}/v4/push/validate",
    method="POST",
    data=json.dumps(push).encode(),
    headers={
        "Authorization": "Basic " + base64.b64encode(credentials.encode()).decode(),
        "Content-Type": "application/json",
        "Accept": "application/json",
    },
)
try:
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.load(response)
except urllib.error.HTTPError as error:
    # 400 with code 21002/21003/21005/21306/23006: the message names what is wrong.
    failure = json.load(error)["error"]
    # sys.exit(text) prints the text on stderr and exits with status 1.
    sys.exit(f"invalid push: code {failure['code']}: {failure['message']}")

print(json.dumps(answer))  # its msg_id is a placeholder that cannot be recalled

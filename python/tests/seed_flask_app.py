# The Python example of Isometrik's docs (the "Authentication" page, "Python Example"),
# verbatim but for two lines: the import names this package (the docs write `from isometrik import IsometrikClient`),
# and `import os`, which the example uses but forgot. test_seed_flask.py runs it.
import os
from isometrik_token import IsometrikClient
from flask import Flask, request, jsonify

app = Flask(__name__)
client = IsometrikClient(
    api_key=os.getenv('ISOMETRIK_API_KEY'),
    api_secret=os.getenv('ISOMETRIK_API_SECRET')
)

@app.route('/api/token', methods=['POST'])
def create_token():
    data = request.json
    token = client.tokens.create(
        room_id=data['roomName'],
        participant_name=data['participantName'],
        permissions={
            'can_publish': True,
            'can_subscribe': True,
            'can_update_metadata': True
        },
        expires_in='1h'
    )
    return jsonify({'token': token})
